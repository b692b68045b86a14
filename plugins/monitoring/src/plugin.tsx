import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  GRAFANA_DASHBOARD_ANNOTATION,
  PROMETHEUS_ALERT_ANNOTATION,
  PROMETHEUS_RULE_ANNOTATION,
} from '@internal/plugin-monitoring-common';
import { monitoringApiRef } from './api/MonitoringApi';
import { MonitoringClient } from './api/MonitoringClient';

const monitoringApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: monitoringApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MonitoringClient({ discoveryApi, fetchApi }),
    }),
});

const entityMonitoringContent = EntityContentBlueprint.make({
  name: 'monitoring',
  params: {
    path: '/monitoring',
    title: 'Monitoring',
    filter: {
      $any: [
        {
          [`metadata.annotations.${PROMETHEUS_RULE_ANNOTATION}`]: {
            $exists: true,
          },
        },
        {
          [`metadata.annotations.${PROMETHEUS_ALERT_ANNOTATION}`]: {
            $exists: true,
          },
        },
        {
          [`metadata.annotations.${GRAFANA_DASHBOARD_ANNOTATION}`]: {
            $exists: true,
          },
        },
      ],
    },
    loader: () =>
      import('./components/EntityMonitoringContent').then(m => (
        <m.EntityMonitoringContent />
      )),
  },
});

/**
 * The Monitoring tab for entities with a `prometheus.io/rule`,
 * `prometheus.io/alert` or `grafana/overview-dashboard` annotation.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'monitoring',
  title: 'Monitoring',
  extensions: [monitoringApi, entityMonitoringContent],
});
