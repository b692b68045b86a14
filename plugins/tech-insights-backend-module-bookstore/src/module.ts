import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import {
  ArgoCdClient,
  readArgoCdInstances,
} from '@internal/plugin-catalog-backend-module-argocd-applications';
import {
  ARGOCD_FACTS_ID,
  createArgoCdFactRetriever,
} from './retrievers/argoCdFactRetriever';
import {
  CATALOG_FACTS_ID,
  createCatalogFactRetriever,
} from './retrievers/catalogFactRetriever';
import {
  createPrometheusFactRetriever,
  PROMETHEUS_FACTS_ID,
} from './retrievers/prometheusFactRetriever';

/**
 * Registers the bookstore fact retrievers with the tech insights backend; they
 * run on `techInsights.factRetrievers.<id>` (cadence and lifecycle).
 */
export const techInsightsModuleBookstoreFacts = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'bookstore-facts',
  register(reg) {
    reg.registerInit({
      deps: {
        retrievers: techInsightsFactRetrieversExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ retrievers, config, logger, catalog, auth, discovery }) {
        const requestTimeoutMs =
          config.getOptionalNumber('techInsights.bookstore.requestTimeoutMs') ??
          10_000;
        const clients = readArgoCdInstances(config).map(
          instance => new ArgoCdClient(instance, requestTimeoutMs),
        );
        for (const id of [
          CATALOG_FACTS_ID,
          ARGOCD_FACTS_ID,
          PROMETHEUS_FACTS_ID,
        ]) {
          if (!config.has(`techInsights.factRetrievers.${id}`)) {
            logger.warn(
              `techInsights.factRetrievers.${id} is not configured: its facts are not retrieved`,
            );
          }
        }
        retrievers.addFactRetrievers({
          [CATALOG_FACTS_ID]: createCatalogFactRetriever({
            catalog,
            auth,
            discovery,
            requestTimeoutMs,
          }),
          [ARGOCD_FACTS_ID]: createArgoCdFactRetriever({
            catalog,
            auth,
            clients,
          }),
          [PROMETHEUS_FACTS_ID]: createPrometheusFactRetriever({
            catalog,
            auth,
            discovery,
            requestTimeoutMs,
          }),
        });
      },
    });
  },
});
