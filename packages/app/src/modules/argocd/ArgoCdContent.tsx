import { EmptyState } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import {
  EntityArgoCDHistoryCard,
  EntityArgoCDOverviewCard,
} from '@roadiehq/backstage-plugin-argo-cd';
import Grid from '@material-ui/core/Grid';
import { argoCdInstanceNames } from './argoCdInstances';

/** The CI/CD tab: Argo CD sync and health, then the deployment history. */
export function ArgoCdContent() {
  const config = useApi(configApiRef);
  if (argoCdInstanceNames(config).length === 0) {
    return (
      <EmptyState
        missing="info"
        title="Argo CD is not configured for this portal"
        description="Add an instance under argocd.appLocatorMethods (ARGOCD_URL and ARGOCD_AUTH_TOKEN in production) to see sync status, health and deployment history here."
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <EntityArgoCDOverviewCard />
      </Grid>
      <Grid item xs={12}>
        <EntityArgoCDHistoryCard />
      </Grid>
    </Grid>
  );
}
