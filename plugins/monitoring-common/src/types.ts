/** The state of an alerting rule, as Prometheus reports it. */
export type RuleState = 'inactive' | 'pending' | 'firing';

/** A Prometheus instance that could not be read, and why. */
export interface InstanceFailure {
  /** The instance's name in `monitoring.prometheus.instances`. */
  instance: string;
  message: string;
}

/** An active (pending or firing) alert of the service. */
export interface ServiceAlert {
  instance: string;
  /** `alertname`. */
  name: string;
  state: 'pending' | 'firing';
  /** The `severity` label, when there is one. */
  severity?: string;
  /** When the alert became active (RFC 3339). */
  activeAt: string;
  /** The `summary` annotation, else `description`. */
  summary?: string;
  labels: Record<string, string>;
}

/** An alerting rule of the service. */
export interface ServiceRule {
  instance: string;
  group: string;
  name: string;
  state: RuleState;
  /** `ok`, `err` or `unknown`. */
  health: string;
  lastError?: string;
  query: string;
  severity?: string;
  /** How many of its alerts are pending or firing. */
  activeAlerts: number;
}

/** `GET /api/monitoring/alerts/:kind/:namespace/:name`. */
export interface ServiceAlertsResponse {
  /** Firing first, then pending; the oldest first within each. */
  alerts: ServiceAlert[];
  /** Firing first, then pending, then inactive; by name within each. */
  rules: ServiceRule[];
  failures: InstanceFailure[];
}

/** The three graphs of the tab. */
export type GraphId = 'requestRate' | 'errorRatio' | 'latencyP99';

/** One series of a graph: one per instance and label set of the query's result. */
export interface GraphSeries {
  instance: string;
  labels: Record<string, string>;
  /** `[unix seconds, value]`, in time order. */
  points: Array<[number, number]>;
}

export interface ServiceGraph {
  id: GraphId;
  title: string;
  unit: 'req/s' | 'ratio' | 'seconds';
  /** The PromQL query as sent, with the entity's values substituted. */
  query: string;
  series: GraphSeries[];
  failures: InstanceFailure[];
}

/** `GET /api/monitoring/graphs/:kind/:namespace/:name`. */
export interface ServiceGraphsResponse {
  /** The entity's `spec.type`, which picks the queries. */
  serviceType: string;
  /** Unix seconds. */
  start: number;
  end: number;
  stepSeconds: number;
  /** Empty when no queries are configured for `serviceType`. */
  graphs: ServiceGraph[];
}
