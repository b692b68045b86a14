import { Config } from '@backstage/config';
import { GraphId } from '@internal/plugin-monitoring-common';

/** A Prometheus instance of `monitoring.prometheus.instances`. */
export interface PrometheusInstanceConfig {
  name: string;
  url: string;
  token?: string;
}

/** `monitoring`, with its defaults filled in. */
export interface MonitoringConfig {
  instances: PrometheusInstanceConfig[];
  requestTimeoutMs: number;
  hours: number;
  stepSeconds: number;
  /** By `spec.type`: the query of each graph that has one. */
  queries: Record<string, Partial<Record<GraphId, string>>>;
}

export const GRAPH_IDS: GraphId[] = ['requestRate', 'errorRatio', 'latencyP99'];

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(
      `Invalid config value at 'monitoring.${key}': ${value} is not a positive number`,
    );
  }
  return value;
}

function readInstances(config: Config): PrometheusInstanceConfig[] {
  const instances = (
    config.getOptionalConfigArray('prometheus.instances') ?? []
  ).map((instance, i) => {
    const url = instance.getString('url');
    if (!/^https?:\/\/[^/]/.test(url)) {
      throw new Error(
        `Invalid config value at 'monitoring.prometheus.instances[${i}].url': '${url}' is not an http(s) URL`,
      );
    }
    return {
      name: instance.getString('name'),
      url: url.replace(/\/+$/, ''),
      token: instance.getOptionalString('token'),
    };
  });
  const names = instances.map(i => i.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) {
    throw new Error(
      `Invalid config at 'monitoring.prometheus.instances': the name '${twice}' is used twice`,
    );
  }
  return instances;
}

function readQueries(config: Config): MonitoringConfig['queries'] {
  const byType = config.getOptionalConfig('graphs.queries');
  const queries: MonitoringConfig['queries'] = {};
  for (const type of byType?.keys() ?? []) {
    const typeConfig = byType!.getConfig(type);
    queries[type] = Object.fromEntries(
      GRAPH_IDS.flatMap(id => {
        const query = typeConfig.getOptionalString(id);
        return query ? [[id, query]] : [];
      }),
    );
  }
  return queries;
}

/** Reads `monitoring`; a bad value is an error naming its key. */
export function readMonitoringConfig(root: Config): MonitoringConfig {
  const config = root.getOptionalConfig('monitoring');
  if (!config) {
    return {
      instances: [],
      requestTimeoutMs: 5_000,
      hours: 3,
      stepSeconds: 60,
      queries: {},
    };
  }
  return {
    instances: readInstances(config),
    requestTimeoutMs: positive(config, 'prometheus.requestTimeoutMs', 5_000),
    hours: positive(config, 'graphs.hours', 3),
    stepSeconds: positive(config, 'graphs.stepSeconds', 60),
    queries: readQueries(config),
  };
}
