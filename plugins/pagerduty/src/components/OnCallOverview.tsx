import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import { pagerDutyApiRef } from '../api/PagerDutyApi';
import { IncidentsCard } from './IncidentsCard';
import { OnCallCard } from './OnCallCard';
import { ServiceCard } from './ServiceCard';

/**
 * The cards of the On-call tab. Each loads on its own, so one failing
 * request leaves the others standing.
 */
export function OnCallOverview(props: { entity: Entity; serviceId: string }) {
  const { entity, serviceId } = props;
  const api = useApi(pagerDutyApiRef);
  const service = useAsync(() => api.getService(serviceId), [api, serviceId]);

  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <ServiceCard entity={entity} service={service} />
      </Grid>
      <Grid item xs={12} md={4}>
        <OnCallCard service={service} />
      </Grid>
      <Grid item xs={12} md={8}>
        <IncidentsCard serviceId={serviceId} />
      </Grid>
    </Grid>
  );
}
