/**
 * The BookstoreTenant contract (examples/crossplane/xrd.yaml), shared by the
 * tenant scaffolder action and the Crossplane catalog provider.
 *
 * @packageDocumentation
 */
export * from './constants';
export type * from './types';
export { tenantOpenApiSchema } from './tenantSchema';
export {
  validateTenantClaim,
  type TenantClaimProblem,
} from './validateTenantClaim';
export {
  TENANT_ENTITY_TYPE,
  TENANT_ANNOTATION,
  TENANT_CLUSTERS_ANNOTATION,
  CROSSPLANE_NAMESPACE_ANNOTATION,
  CROSSPLANE_CLAIM_NAME_ANNOTATION,
  CROSSPLANE_COMPOSITE_NAME_ANNOTATION,
} from './tenantEntity';
export type {
  TenantCondition,
  TenantClusterState,
  TenantEntityDetails,
} from './tenantEntity';
export type {
  TenantLiveError,
  TenantLiveResource,
  TenantLiveEvent,
  TenantClusterLiveState,
  TenantLiveState,
} from './liveState';
export { bookstoreAnyTeamOwnerPermission } from './permissions';
