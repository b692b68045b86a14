import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { TenantDependencyProcessor } from './processor/TenantDependencyProcessor';
import { CrossplaneTenantEntityProvider } from './providers/CrossplaneTenantEntityProvider';

/**
 * The Crossplane tenant provider (one per instance of
 * `catalog.providers.crossplaneTenants`) and the processor linking Components
 * to their tenants.
 */
export const catalogModuleCrossplaneTenants = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'crossplane-tenants',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        rootLifecycle: coreServices.rootLifecycle,
        catalogService: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        lifecycle,
        rootLifecycle,
        catalogService,
        auth,
      }) {
        const providers = CrossplaneTenantEntityProvider.fromConfig(config, {
          logger,
          scheduler,
          catalog: catalogService,
          auth,
          // No provider writes before the backend has started (every plugin's init succeeded).
          backendStarted: new Promise(resolve =>
            rootLifecycle.addStartupHook(resolve),
          ),
        });
        catalog.addEntityProvider(providers);
        catalog.addProcessor(new TenantDependencyProcessor());
        lifecycle.addShutdownHook(async () => {
          await Promise.all(providers.map(provider => provider.stop()));
        });
      },
    });
  },
});
