import { Entity } from '@backstage/catalog-model';
import {
  ServiceAlertsResponse,
  ServiceGraph,
  ServiceGraphsResponse,
} from '@internal/plugin-monitoring-common';

export const BACKEND_URL = 'http://localhost:7007/api/monitoring';
export const ALERTS_URL = `${BACKEND_URL}/alerts/component/default/payments-gateway`;
export const GRAPHS_URL = `${BACKEND_URL}/graphs/component/default/payments-gateway`;

export function paymentsGateway(
  annotations: Record<string, string> = {
    'prometheus.io/rule': 'payments-gateway.rules',
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-gateway',
      namespace: 'default',
      annotations,
      links: [
        {
          url: 'https://grafana.bookstore.example/d/bookstore-payments-gateway/payments-gateway',
          title: 'Grafana dashboard',
          type: 'dashboard',
        },
        {
          url: 'https://github.com/bookstore-platform/payments-gateway',
          type: 'source',
        },
      ],
    },
    spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
  };
}

const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

export const alertsAnswer: ServiceAlertsResponse = {
  alerts: [
    {
      instance: 'us-east',
      name: 'PaymentsHighErrorRate',
      state: 'firing',
      severity: 'critical',
      activeAt: minutesAgo(12),
      summary: 'More than 5% of payment requests fail',
      labels: { alertname: 'PaymentsHighErrorRate', severity: 'critical' },
    },
    {
      instance: 'us-east',
      name: 'PaymentsLatencyHigh',
      state: 'pending',
      severity: 'warning',
      activeAt: minutesAgo(2),
      summary: 'p99 latency above 800 ms',
      labels: { alertname: 'PaymentsLatencyHigh', severity: 'warning' },
    },
  ],
  rules: [
    {
      instance: 'us-east',
      group: 'payments-gateway.rules',
      name: 'PaymentsHighErrorRate',
      state: 'firing',
      health: 'ok',
      query: 'x > 0.05',
      severity: 'critical',
      activeAlerts: 1,
    },
    {
      instance: 'us-east',
      group: 'payments-gateway.rules',
      name: 'PaymentsDown',
      state: 'inactive',
      health: 'err',
      lastError: 'many-to-many matching not allowed',
      query: 'up == 0',
      severity: 'critical',
      activeAlerts: 0,
    },
  ],
  failures: [
    {
      instance: 'eu-west',
      message: 'Prometheus eu-west: no answer within 5000 ms',
    },
  ],
};

const END = 1_796_216_400;
const START = END - 3 * 3600;

function graph(
  id: ServiceGraph['id'],
  title: string,
  unit: ServiceGraph['unit'],
  value: number,
): ServiceGraph {
  return {
    id,
    title,
    unit,
    query: `${id}{service="payments-gateway"}`,
    series: [
      {
        instance: 'us-east',
        labels: {},
        points: Array.from({ length: 19 }, (_, i) => [START + i * 600, value]),
      },
    ],
    failures: [],
  };
}

export const graphsAnswer: ServiceGraphsResponse = {
  serviceType: 'service',
  start: START,
  end: END,
  stepSeconds: 600,
  graphs: [
    graph('requestRate', 'Request rate', 'req/s', 41.5),
    graph('errorRatio', 'Error ratio', 'ratio', 0.025),
    graph('latencyP99', 'p99 latency', 'seconds', 0.25),
  ],
};
