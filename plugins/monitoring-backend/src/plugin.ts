import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readMonitoringConfig } from './lib/readMonitoringConfig';
import { MonitoringReader } from './service/MonitoringReader';
import { createRouter } from './service/router';

/**
 * The monitoring backend: a service's active alerts, alerting rules and RED
 * graphs from the configured Prometheus instances, for the Monitoring tab, at
 * `GET /api/monitoring/alerts/:kind/:namespace/:name` and
 * `GET /api/monitoring/graphs/:kind/:namespace/:name`.
 */
export const monitoringPlugin = createBackendPlugin({
  pluginId: 'monitoring',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, httpAuth, httpRouter, catalog }) {
        const monitoring = readMonitoringConfig(config);
        const reader = new MonitoringReader({ config: monitoring, logger });
        httpRouter.use(createRouter({ httpAuth, catalog, reader }));
        logger.info(
          monitoring.instances.length === 0
            ? 'Prometheus is not configured (monitoring.prometheus.instances): the Monitoring tab says so'
            : `Reading alerts and graphs from Prometheus ${reader.instanceNames.join(
                ', ',
              )} (${monitoring.requestTimeoutMs} ms per request)`,
        );
      },
    });
  },
});
