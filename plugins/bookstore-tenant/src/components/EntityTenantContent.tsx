import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { TenantEntityDetails } from '@internal/plugin-bookstore-tenant-common';
import Grid from '@material-ui/core/Grid';
import { CatalogClustersCard } from './CatalogClustersCard';
import { LiveStateCard } from './LiveStateCard';
import { TenantCard } from './TenantCard';

/** The Tenant tab of a bookstore-tenant Resource: the catalog's view, then the clusters' live one. */
export function EntityTenantContent() {
  const { entity } = useEntity();
  const tenant = (entity.spec?.tenant ?? {}) as Partial<TenantEntityDetails>;
  const details: TenantEntityDetails = {
    ...tenant,
    regions: tenant.regions ?? [],
    clusters: tenant.clusters ?? [],
  };
  const owner =
    typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined;

  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12} md={4}>
        <TenantCard tenant={details} owner={owner} />
      </Grid>
      <Grid item xs={12} md={8}>
        <CatalogClustersCard clusters={details.clusters} />
      </Grid>
      <Grid item xs={12}>
        <LiveStateCard entityRef={getCompoundEntityRef(entity)} />
      </Grid>
    </Grid>
  );
}
