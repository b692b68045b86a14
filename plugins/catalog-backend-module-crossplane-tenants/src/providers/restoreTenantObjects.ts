import { Entity } from '@backstage/catalog-model';
import {
  TENANT_ENTITY_TYPE,
  type TenantClusterState,
  type TenantEntityDetails,
} from '@internal/plugin-bookstore-tenant-common';
import { TenantObject } from '../mapping/tenantObject';

function isClusterState(value: unknown): value is TenantClusterState {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const entry = value as Record<string, unknown>;
  return (
    ['cluster', 'apiVersion', 'kind', 'namespace', 'name'].every(
      key => typeof entry[key] === 'string',
    ) &&
    (entry.source === 'claim' || entry.source === 'composite')
  );
}

/**
 * The tenant objects a tenant entity records, one per cluster entry of
 * `spec.tenant.clusters`, as the provider last saw them. What the entity does
 * not keep per object is taken from the entity: its team label and owner (so
 * a restored cluster names the owner the entity had), title, tier, regions.
 */
export function restoreTenantObjects(
  entities: Entity[],
  teamLabel: string,
): TenantObject[] {
  return entities.flatMap(entity => {
    if (
      entity.kind.toLocaleLowerCase('en-US') !== 'resource' ||
      entity.spec?.type !== TENANT_ENTITY_TYPE
    ) {
      return [];
    }
    const tenant = (entity.spec.tenant ?? {}) as Partial<TenantEntityDetails>;
    const clusters = Array.isArray(tenant.clusters) ? tenant.clusters : [];
    const team = entity.metadata.labels?.[teamLabel];
    const owner =
      typeof entity.spec.owner === 'string' ? entity.spec.owner : undefined;
    return clusters.filter(isClusterState).map(
      (state): TenantObject => ({
        ...state,
        conditions: Array.isArray(state.conditions) ? state.conditions : [],
        labels: team ? { [teamLabel]: team } : {},
        ...(owner ? { owner } : {}),
        ...(typeof tenant.displayName === 'string'
          ? { displayName: tenant.displayName }
          : {}),
        ...(typeof tenant.tier === 'string' ? { tier: tenant.tier } : {}),
        regions: Array.isArray(tenant.regions) ? tenant.regions : [],
        composedRefs: [],
      }),
    );
  });
}
