/**
 * The Bookstore Portal's permission policy: Software Templates labelled for a team are
 * seen, read and run by that team and the admins only; integrations' backends and
 * scheduled tasks change things for admins and backend services only.
 *
 * @packageDocumentation
 */

import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { catalogModuleTeamLabelRules } from './catalogModule';
import { permissionModuleTeamLabelPolicy } from './module';
import { catalogModuleTeamTemplateEntityModel } from './templates/module';
import { cachingPermissionsServiceFactory } from './decisionCache/cachingPermissionsServiceFactory';

/**
 * The team-label policy for the permission backend, together with the catalog modules
 * it needs: the rule its conditions use, and the Template kind whose labelled templates
 * their owners do not name (it replaces
 * `@backstage/plugin-catalog-backend-module-scaffolder-entity-model`); and every plugin's
 * permissions service with the decision cache that is exact for this policy. Install this
 * rather than any of them alone.
 *
 * @public
 */
export default createBackendFeatureLoader({
  loader: () => [
    permissionModuleTeamLabelPolicy,
    catalogModuleTeamLabelRules,
    catalogModuleTeamTemplateEntityModel,
    cachingPermissionsServiceFactory,
  ],
});

export { permissionModuleTeamLabelPolicy } from './module';
export { catalogModuleTeamLabelRules } from './catalogModule';
export { catalogModuleTeamTemplateEntityModel } from './templates/module';
export { TeamTemplateEntitiesProcessor } from './templates/TeamTemplateEntitiesProcessor';
export {
  argoCdModuleWriteGate,
  pagerDutyModuleWriteGate,
} from './gates/integrationWriteGate';
export { gatedSchedulerServiceFactory } from './scheduler/schedulerServiceFactory';
export { cachingPermissionsServiceFactory } from './decisionCache/cachingPermissionsServiceFactory';
export {
  bookstoreIntegrationWritePermission,
  bookstoreSchedulerTriggerPermission,
} from './permissions';
export { authModuleTransitiveGroupOwnership } from './ownership/module';
export { TransitiveOwnershipResolver } from './ownership/TransitiveOwnershipResolver';
export { TeamLabelPolicy } from './policy/TeamLabelPolicy';
export {
  hasLabelValueIn,
  type HasLabelValueInParams,
} from './policy/hasLabelValueIn';
export {
  DEFAULT_TEAM_LABEL_KEY,
  readTeamLabelPolicyConfig,
  type TeamLabelPolicyConfig,
} from './config';
