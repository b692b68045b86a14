import { EmptyState } from '@backstage/core-components';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { alertSelectorOf } from '@internal/plugin-monitoring-common';
import Grid from '@material-ui/core/Grid';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { monitoringApiRef } from '../api/MonitoringApi';
import {
  INSTANCES_CONFIG_KEY,
  prometheusInstanceNames,
} from '../monitoringConfig';
import { AlertsCard } from './AlertsCard';
import { DashboardsCard } from './DashboardsCard';
import { GraphsCard } from './GraphsCard';
import { RulesCard } from './RulesCard';

/**
 * The Monitoring tab: active alerts, the graphs, the alerting rules and the
 * Grafana dashboards. Each card loads and fails on its own (alerts and rules
 * share one request); without Prometheus only the dashboards show.
 */
export function EntityMonitoringContent() {
  const config = useApi(configApiRef);
  const api = useApi(monitoringApiRef);
  const { entity } = useEntity();
  const ref = getCompoundEntityRef(entity);
  const configured = prometheusInstanceNames(config).length > 0;
  const hasAlerts = configured && alertSelectorOf(entity) !== undefined;
  const alerts = useAsyncRetry(
    async () => (hasAlerts ? api.getAlerts(ref) : undefined),
    [api, hasAlerts, ref.kind, ref.namespace, ref.name],
  );

  if (!configured) {
    return (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <EmptyState
            missing="info"
            title="Prometheus is not configured for this portal"
            description={`Add an instance under ${INSTANCES_CONFIG_KEY} (its name and URL, one per cluster or region) to see this service's alerts, alerting rules and request, error and latency graphs here.`}
          />
        </Grid>
        <Grid item xs={12}>
          <DashboardsCard />
        </Grid>
      </Grid>
    );
  }
  return (
    <Grid container spacing={3}>
      {hasAlerts && (
        <Grid item xs={12}>
          <AlertsCard state={alerts} />
        </Grid>
      )}
      <Grid item xs={12}>
        <GraphsCard />
      </Grid>
      {hasAlerts && (
        <Grid item xs={12} md={8}>
          <RulesCard state={alerts} />
        </Grid>
      )}
      <Grid item xs={12} md={hasAlerts ? 4 : 12}>
        <DashboardsCard />
      </Grid>
    </Grid>
  );
}
