import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { hasLabelValueIn } from './policy/hasLabelValueIn';

/**
 * Registers the permission rule the team-label policy's conditions use
 * (`HAS_LABEL_VALUE_IN`) with the catalog, which evaluates catalog conditions.
 *
 * @public
 */
export const catalogModuleTeamLabelRules = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'team-label-rules',
  register(reg) {
    reg.registerInit({
      deps: { permissionsRegistry: coreServices.permissionsRegistry },
      async init({ permissionsRegistry }) {
        permissionsRegistry.addPermissionRules([hasLabelValueIn]);
      },
    });
  },
});
