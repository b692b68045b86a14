import { Entity } from '@backstage/catalog-model';
import {
  TENANT_ENTITY_TYPE,
  TenantClusterState,
  TenantEntityDetails,
} from '@internal/plugin-bookstore-tenant-common';

const REQUIRED_STRINGS = [
  'cluster',
  'apiVersion',
  'kind',
  'namespace',
  'name',
] as const;

function isClusterState(value: unknown): value is TenantClusterState {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const entry = value as Record<string, unknown>;
  return (
    REQUIRED_STRINGS.every(key => typeof entry[key] === 'string') &&
    (entry.source === 'claim' || entry.source === 'composite')
  );
}

/**
 * `spec.tenant` of a tenant entity (a Resource of `spec.type: bookstore-tenant`),
 * keeping the cluster entries that name a cluster, source, API, namespace and name;
 * `undefined` for any other entity.
 */
export function tenantDetailsOf(
  entity: Entity,
): TenantEntityDetails | undefined {
  if (
    entity.kind.toLocaleLowerCase('en-US') !== 'resource' ||
    entity.spec?.type !== TENANT_ENTITY_TYPE
  ) {
    return undefined;
  }
  const tenant = (entity.spec.tenant ?? {}) as Partial<TenantEntityDetails>;
  return {
    ...tenant,
    regions: Array.isArray(tenant.regions) ? tenant.regions : [],
    clusters: Array.isArray(tenant.clusters)
      ? tenant.clusters.filter(isClusterState)
      : [],
  };
}
