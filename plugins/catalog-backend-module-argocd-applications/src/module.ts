import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { ArgoCdApplicationEntityProvider } from './providers/ArgoCdApplicationEntityProvider';

/** The Argo CD Application provider, one per instance of `catalog.providers.argocdApplications`. */
export const catalogModuleArgoCdApplications = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'argocd-applications',
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
        const providers = ArgoCdApplicationEntityProvider.fromConfig(config, {
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
        lifecycle.addShutdownHook(async () => {
          await Promise.all(providers.map(provider => provider.stop()));
        });
      },
    });
  },
});
