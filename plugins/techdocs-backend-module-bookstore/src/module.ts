import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { createTechDocsFailureCounter } from './failureCounter';

/**
 * Counts the TechDocs backend's failed builds and reads per entity
 * (`techdocs_build_failures_total{entity,stage}`), exported through OpenTelemetry as the
 * portal's other metrics. Modules start before their plugin, so the counter sees every request
 * of the TechDocs router.
 */
export const techdocsModuleFailureMetrics = createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'failure-metrics',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        httpRouter.use(createTechDocsFailureCounter());
      },
    });
  },
});
