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
