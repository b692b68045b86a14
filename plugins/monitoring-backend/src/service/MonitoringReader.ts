import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AlertSelector,
  GraphId,
  InstanceFailure,
  ServiceAlertsResponse,
  ServiceGraph,
  ServiceGraphsResponse,
} from '@internal/plugin-monitoring-common';
import { GRAPH_IDS, MonitoringConfig } from '../lib/readMonitoringConfig';
import { substituteQuery } from '../lib/substituteQuery';
import { PrometheusClient } from '../prometheus/PrometheusClient';
import {
  byRuleState,
  byUrgency,
  serviceAlerts,
  serviceRules,
} from './serviceAlerts';

const GRAPHS: Record<GraphId, Pick<ServiceGraph, 'title' | 'unit'>> = {
  requestRate: { title: 'Request rate', unit: 'req/s' },
  errorRatio: { title: 'Error ratio', unit: 'ratio' },
  latencyP99: { title: 'p99 latency', unit: 'seconds' },
};

/**
 * Reads a service's alerts, rules and graphs from every configured Prometheus
 * instance in parallel. An instance that fails becomes a failure of its own
 * (logged as a warning); the others' answers are kept.
 */
export class MonitoringReader {
  private readonly clients: PrometheusClient[];
  private readonly config: MonitoringConfig;
  private readonly logger: LoggerService;

  constructor(options: { config: MonitoringConfig; logger: LoggerService }) {
    this.config = options.config;
    this.logger = options.logger;
    this.clients = options.config.instances.map(
      instance =>
        new PrometheusClient(instance, options.config.requestTimeoutMs),
    );
  }

  get instanceNames(): string[] {
    return this.clients.map(c => c.name);
  }

  async alerts(
    entity: Entity,
    selector: AlertSelector,
  ): Promise<ServiceAlertsResponse> {
    const response: ServiceAlertsResponse = {
      alerts: [],
      rules: [],
      failures: [],
    };
    await Promise.all(
      this.clients.map(async client => {
        try {
          const [groups, alerts] = await Promise.all([
            client.alertingRules(),
            client.alerts(),
          ]);
          const rules = serviceRules(client.name, groups, selector);
          const names = new Set([
            ...selector.alertNames,
            ...rules.map(r => r.name),
          ]);
          response.rules.push(...rules);
          response.alerts.push(...serviceAlerts(client.name, alerts, names));
        } catch (error) {
          response.failures.push(this.failure(entity, client, error));
        }
      }),
    );
    response.alerts.sort(byUrgency);
    response.rules.sort(byRuleState);
    response.failures.sort((a, b) => a.instance.localeCompare(b.instance));
    return response;
  }

  async graphs(
    entity: Entity,
    now = Date.now(),
  ): Promise<ServiceGraphsResponse> {
    const { hours, stepSeconds } = this.config;
    const serviceType = String(entity.spec?.type ?? '');
    const queries = this.config.queries[serviceType] ?? {};
    const end = Math.floor(now / 1000 / stepSeconds) * stepSeconds;
    const range = { start: end - hours * 3600, end, stepSeconds };
    const graphs = await Promise.all(
      GRAPH_IDS.filter(id => queries[id]).map(async id => {
        const query = substituteQuery(queries[id]!, entity);
        const graph: ServiceGraph = {
          id,
          ...GRAPHS[id],
          query,
          series: [],
          failures: [],
        };
        await Promise.all(
          this.clients.map(async client => {
            try {
              for (const series of await client.queryRange(query, range)) {
                graph.series.push({
                  instance: client.name,
                  labels: series.metric,
                  points: series.values
                    .map(([t, v]): [number, number] => [t, Number(v)])
                    .filter(([, v]) => Number.isFinite(v)),
                });
              }
            } catch (error) {
              graph.failures.push(this.failure(entity, client, error));
            }
          }),
        );
        graph.series.sort((a, b) => a.instance.localeCompare(b.instance));
        graph.failures.sort((a, b) => a.instance.localeCompare(b.instance));
        return graph;
      }),
    );
    return { serviceType, ...range, graphs };
  }

  private failure(
    entity: Entity,
    client: PrometheusClient,
    error: unknown,
  ): InstanceFailure {
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn(`Monitoring of ${stringifyEntityRef(entity)}: ${message}`);
    return { instance: client.name, message };
  }
}
