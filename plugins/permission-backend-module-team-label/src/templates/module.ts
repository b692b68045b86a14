import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readTeamLabelPolicyConfig } from '../config';
import { TeamTemplateEntitiesProcessor } from './TeamTemplateEntitiesProcessor';

/**
 * The Template kind in the catalog (`TeamTemplateEntitiesProcessor`), instead of the
 * scaffolder's entity model module: same validation, but a team-labelled Template's owner
 * does not name it in its relations. It takes the stock module's id, so the backend refuses
 * to start with both.
 *
 * @public
 */
export const catalogModuleTeamTemplateEntityModel = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'scaffolder-entity-model',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ catalog, config }) {
        const { labelKey } = readTeamLabelPolicyConfig(config);
        catalog.addProcessor(new TeamTemplateEntitiesProcessor({ labelKey }));
      },
    });
  },
});
