import { TENANT_REGIONS, TENANT_TIERS } from './constants';

/** A tenant's quota preset. */
export type TenantTier = (typeof TENANT_TIERS)[number];

/** A region a tenant can run in. */
export type TenantRegion = (typeof TENANT_REGIONS)[number];

/** `spec.parameters` of a BookstoreTenant. */
export interface TenantParameters {
  owner: string;
  tier: TenantTier;
  regions: TenantRegion[];
  displayName?: string;
}

/** A BookstoreTenant claim as stored in a cluster. */
export interface BookstoreTenantClaim {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: { parameters: TenantParameters };
}
