import {
  EntityDependencyOfComponentsCard,
  EntityDependsOnComponentsCard,
  EntityDependsOnResourcesCard,
} from '@backstage/plugin-catalog';
import { EntityCatalogGraphCard } from '@backstage/plugin-catalog-graph';
import Grid from '@material-ui/core/Grid';

/** The Dependencies tab: the relation graph, then what the service depends on and what depends on it. */
export function DependenciesContent() {
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <EntityCatalogGraphCard height={400} />
      </Grid>
      <Grid item md={6} xs={12}>
        <EntityDependsOnComponentsCard variant="gridItem" />
      </Grid>
      <Grid item md={6} xs={12}>
        <EntityDependsOnResourcesCard variant="gridItem" />
      </Grid>
      <Grid item xs={12}>
        <EntityDependencyOfComponentsCard variant="gridItem" />
      </Grid>
    </Grid>
  );
}
