/** Prometheus' HTTP API (`/api/v1`) as far as this plugin reads it. */

export interface PrometheusSuccess<T> {
  status: 'success';
  data: T;
}

export interface PrometheusErrorBody {
  status: 'error';
  errorType: string;
  error: string;
}

/** An alert of `GET /api/v1/alerts` (and of an alerting rule's `alerts`). */
export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'inactive' | 'pending' | 'firing';
  activeAt?: string;
  value?: string;
}

/** An alerting rule of `GET /api/v1/rules?type=alert`. */
export interface PrometheusAlertingRule {
  type: 'alerting';
  name: string;
  query: string;
  duration?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  alerts?: PrometheusAlert[];
  state: 'inactive' | 'pending' | 'firing';
  health: string;
  lastError?: string;
}

export interface PrometheusRuleGroup {
  name: string;
  file: string;
  rules: PrometheusAlertingRule[];
}

/** A series of a `matrix` result: `values` are `[unix seconds, "value"]`. */
export interface PrometheusMatrixSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}
