/**
 * The Bookstore Portal's permission policy: Software Templates labelled for a team are
 * seen, read and run by that team and the admins only.
 *
 * @packageDocumentation
 */

import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { catalogModuleTeamLabelRules } from './catalogModule';
import { permissionModuleTeamLabelPolicy } from './module';

/**
 * The team-label policy for the permission backend, together with the catalog module
 * registering the rule its conditions use; install this rather than either alone.
 *
 * @public
 */
export default createBackendFeatureLoader({
  loader: () => [permissionModuleTeamLabelPolicy, catalogModuleTeamLabelRules],
});

export { permissionModuleTeamLabelPolicy } from './module';
export { catalogModuleTeamLabelRules } from './catalogModule';
export { authModuleTransitiveGroupOwnership } from './ownership/module';
export { TransitiveOwnershipResolver } from './ownership/TransitiveOwnershipResolver';
export { TeamLabelPolicy, TENANT_ACTION_ID } from './policy/TeamLabelPolicy';
export {
  hasLabelValueIn,
  type HasLabelValueInParams,
} from './policy/hasLabelValueIn';
export {
  DEFAULT_TEAM_LABEL_KEY,
  readTeamLabelPolicyConfig,
  type TeamLabelPolicyConfig,
} from './config';
