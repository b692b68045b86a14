import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createPublishLocalAction } from './actions/publishLocal';
import { createPublishPlanAction } from './actions/publishPlan';
import { createRegisterLocalAction } from './actions/registerLocal';
import { createBookstoreTenantAction } from './actions/tenant';
import { readPublishConfig } from './lib/readPublishConfig';
import { readTenantsConfig } from './lib/readTenantsConfig';

/**
 * The bookstore's scaffolder actions: `bookstore:tenant`, and the publish
 * switch of the golden paths (`bookstore:publish:plan`,
 * `bookstore:publish:local`, `bookstore:catalog:register-local`). Reads and
 * checks `bookstore.tenants` and `bookstore.publish` at startup.
 */
export const scaffolderModuleBookstoreTenant = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'bookstore-tenant',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        logger: coreServices.logger,
      },
      async init({ scaffolder, config, catalog, logger }) {
        const tenants = readTenantsConfig(config);
        const publish = readPublishConfig(config);
        scaffolder.addActions(
          createBookstoreTenantAction({ catalog, tenants }),
          createPublishPlanAction({ publish }),
          createPublishLocalAction({ publish, config }),
          createRegisterLocalAction({ catalog, publish }),
        );
        logger.info(
          `BookstoreTenant regions ${tenants.regions
            .map(r => `${r.region}${r.cluster ? ` -> ${r.cluster.name}` : ''}`)
            .join(', ')}; publishing to ${
            publish.local ? publish.local.directory : publish.github.host
          }`,
        );
      },
    });
  },
});
