import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  ServiceAlertsResponse,
  ServiceGraphsResponse,
} from '@internal/plugin-monitoring-common';

/**
 * A service's monitoring, through the monitoring backend (which alone talks
 * to Prometheus).
 *
 * @public
 */
export interface MonitoringApi {
  /** Its active alerts and alerting rules, from every Prometheus instance. */
  getAlerts(entityRef: CompoundEntityRef): Promise<ServiceAlertsResponse>;
  /** Its request-rate, error-ratio and p99-latency graphs of the last hours. */
  getGraphs(entityRef: CompoundEntityRef): Promise<ServiceGraphsResponse>;
}

/** @public */
export const monitoringApiRef = createApiRef<MonitoringApi>().with({
  id: 'plugin.monitoring.api',
  pluginId: 'monitoring',
});
