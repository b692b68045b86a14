export interface Config {
  /** The Monitoring tab of service pages (plugins/monitoring-backend). */
  monitoring?: {
    prometheus?: {
      /**
       * The Prometheus instances to read, one per cluster or region. Every
       * instance is read for every service; an instance that fails or is slow
       * is reported on its own, the others still answer. None: the tab says
       * Prometheus is not configured.
       */
      instances?: Array<{
        /** Shown with each alert, rule and series, e.g. the cluster or region (`us-east`). */
        name: string;
        /** The Prometheus HTTP API's base URL, e.g. `http://prometheus.monitoring:9090`. */
        url: string;
        /**
         * Sent as `Authorization: Bearer <token>` when set (a Prometheus behind an
         * authenticating proxy). Reads only: the plugin calls nothing but
         * `/api/v1/alerts`, `/api/v1/rules` and `/api/v1/query_range`.
         * @visibility secret
         */
        token?: string;
      }>;
      /**
       * How long one request to an instance may take, in milliseconds.
       * @default 5000
       */
      requestTimeoutMs?: number;
    };
    graphs?: {
      /**
       * How many hours back the graphs reach.
       * @default 3
       */
      hours?: number;
      /**
       * The graphs' resolution (query_range `step`), in seconds.
       * @default 60
       */
      stepSeconds?: number;
      /**
       * The graphs' PromQL queries by the entity's `spec.type` (`service`,
       * `website`, …). In a query, `${{ service }}` is the entity's
       * `prometheus.io/service-name` annotation (else its name),
       * `${{ name }}` and `${{ namespace }}` its name and namespace, and
       * `${{ labels.<key> }}` the value of its label `<key>`; each value is
       * escaped as the inside of a double-quoted PromQL string. A graph without
       * a query is left out.
       */
      queries?: {
        [serviceType: string]: {
          /** Requests per second. */
          requestRate?: string;
          /** The share of requests that failed, 0 to 1. */
          errorRatio?: string;
          /** The 99th percentile of request latency, in seconds. */
          latencyP99?: string;
        };
      };
    };
  };
}
