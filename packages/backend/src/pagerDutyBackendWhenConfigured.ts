import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import pagerDutyBackend from '@pagerduty/backstage-plugin-backend';
import { pagerDutyModuleWriteGate } from '@internal/plugin-permission-backend-module-team-label';

/**
 * The PagerDuty backend, only when `pagerDuty` is configured: without any `pagerDuty` config it
 * logs an error at start-up ("No PagerDuty OAuth configuration found"), and there is nothing for
 * it to serve — the On-call tab and Home say PagerDuty is not configured. Its write gate
 * (settings and mappings for admins and backend services only) comes with it: a module of a
 * plugin that is not there would have nothing to gate.
 */
export const pagerDutyBackendWhenConfigured = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    if (config.has('pagerDuty')) {
      yield pagerDutyBackend;
      yield pagerDutyModuleWriteGate;
    }
  },
});
