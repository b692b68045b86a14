import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { TenantEntityDetails } from '@internal/plugin-bookstore-tenant-common';

/** What the tenant is: its name, tier, regions and owner, from the catalog. */
export function TenantCard(props: {
  tenant: TenantEntityDetails;
  owner: string | undefined;
}) {
  const { tenant, owner } = props;
  return (
    <InfoCard title="Tenant" variant="gridItem">
      <StructuredMetadataTable
        dense
        metadata={{
          'Display Name': tenant.displayName ?? '—',
          Tier: tenant.tier ?? '—',
          Regions: tenant.regions.join(', ') || '—',
          Owner: owner ? (
            <EntityRefLink entityRef={owner} defaultKind="group" />
          ) : (
            '—'
          ),
        }}
      />
    </InfoCard>
  );
}
