import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { readTeamLabelPolicyConfig } from './config';
import { TeamLabelPolicy } from './policy/TeamLabelPolicy';

/**
 * Installs the team-label policy in the permission backend, configured from
 * `permission.teamLabel`.
 *
 * @public
 */
export const permissionModuleTeamLabelPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'team-label-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, logger, userInfo }) {
        const policyConfig = readTeamLabelPolicyConfig(config);
        if (policyConfig.adminGroups.length === 0) {
          logger.warn(
            'Team-label policy: permission.teamLabel.adminGroups is empty, nobody is an admin',
          );
        }
        logger.info(
          `Team-label policy: templates are restricted by the label '${
            policyConfig.labelKey
          }'; admins: ${policyConfig.adminGroups.join(', ') || 'none'}`,
        );
        policy.setPolicy(
          new TeamLabelPolicy({ config: policyConfig, userInfo }),
        );
      },
    });
  },
});
