import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  createKubernetesAuthStrategy,
  readKubernetesClusters,
} from '@internal/plugin-bookstore-tenant-node';
import { readLiveConfig } from './lib/readLiveConfig';
import { createRouter } from './service/router';
import { TenantLiveStateReader } from './service/TenantLiveStateReader';

/**
 * The bookstore-tenant backend: a tenant's live state in each of its clusters
 * (claim, composite, composed resources, events) for the Tenant tab, at
 * `GET /api/bookstore-tenant/tenants/:namespace/:name`.
 */
export const bookstoreTenantPlugin = createBackendPlugin({
  pluginId: 'bookstore-tenant',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, httpAuth, httpRouter, lifecycle, catalog }) {
        const { requestTimeoutMs } = readLiveConfig(config);
        const clusters = readKubernetesClusters(config);
        const reader = new TenantLiveStateReader({
          clusters,
          authStrategy: createKubernetesAuthStrategy({ config, logger }),
          requestTimeoutMs,
          logger,
        });
        lifecycle.addShutdownHook(() => reader.close());
        httpRouter.use(createRouter({ httpAuth, catalog, reader }));
        logger.info(
          `Reading tenants live from ${
            clusters.map(c => c.name).join(', ') || 'no clusters'
          } (${requestTimeoutMs} ms per request)`,
        );
      },
    });
  },
});
