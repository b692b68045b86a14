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
        catalogService: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        lifecycle,
        catalogService,
        auth,
      }) {
        const providers = ArgoCdApplicationEntityProvider.fromConfig(config, {
          logger,
          scheduler,
          catalog: catalogService,
          auth,
        });
        catalog.addEntityProvider(providers);
        lifecycle.addShutdownHook(async () => {
          await Promise.all(providers.map(provider => provider.stop()));
        });
      },
    });
  },
});
