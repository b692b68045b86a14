import {
  TENANT_REGIONS,
  TENANT_TIERS,
} from '@internal/plugin-bookstore-tenant-common';
import { z } from 'zod/v3';
import { TenantsConfig } from '../lib/readTenantsConfig';

/**
 * The claim's inputs, the same for `bookstore:tenant` (render it for GitOps) and
 * `bookstore:tenant:apply` (apply it to the clusters).
 */
export function tenantClaimInput(tenants: TenantsConfig) {
  return {
    name: (zod: typeof z) =>
      zod.string({
        description:
          'The tenant name (metadata.name of the claim): lowercase letters, digits and "-", at most 63 characters.',
      }),
    owner: (zod: typeof z) =>
      zod.string({
        description:
          'The owning team: a Group in the catalog, as team-payments or group:default/team-payments.',
      }),
    tier: (zod: typeof z) =>
      zod
        .enum(TENANT_TIERS, {
          description: `The quota preset. Default: bookstore.tenants.defaultTier (${tenants.defaultTier}).`,
        })
        .optional(),
    regions: (zod: typeof z) =>
      zod
        .array(zod.enum(TENANT_REGIONS), {
          description: `The regions the tenant runs in; this portal offers ${tenants.regions
            .map(r => r.region)
            .join(', ')}.`,
        })
        .min(1),
    displayName: (zod: typeof z) =>
      zod
        .string({ description: 'A human-readable name for the tenant.' })
        .optional(),
  };
}

/** The claim's outputs, the same for both actions. */
export const tenantClaimOutput = {
  name: (zod: typeof z) => zod.string({ description: 'The tenant name.' }),
  owner: (zod: typeof z) =>
    zod.string({ description: 'The owner team, as a group name.' }),
  manifest: (zod: typeof z) =>
    zod.string({ description: 'The claim as YAML.' }),
};
