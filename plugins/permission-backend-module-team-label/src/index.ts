/**
 * The Bookstore Portal's permission policy: Software Templates labelled for a team are
 * seen, read and run by that team and the admins only.
 *
 * @packageDocumentation
 */

export { permissionModuleTeamLabelPolicy as default } from './module';
export { authModuleTransitiveGroupOwnership } from './ownership/module';
export { TransitiveOwnershipResolver } from './ownership/TransitiveOwnershipResolver';
export { TeamLabelPolicy, TENANT_ACTION_ID } from './policy/TeamLabelPolicy';
export {
  DEFAULT_TEAM_LABEL_KEY,
  readTeamLabelPolicyConfig,
  type TeamLabelPolicyConfig,
} from './config';
