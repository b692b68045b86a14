import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogServiceRequestOptions } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Server } from 'node:http';
import request from 'supertest';
import monitoringPlugin from './index';
import {
  FakeAlertingRule,
  FakePrometheus,
  FakeSeries,
  startFakePrometheus,
} from './testUtils';

const OUTSIDER = 'user:default/outsider';
const TOKEN = 'prometheus-reader';

function component(
  name: string,
  annotations: Record<string, string>,
  type = 'service',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations,
      labels: { tier: 'critical' },
    },
    spec: { type, owner: 'team-payments', lifecycle: 'production' },
  };
}

const entities = [
  component('payments-gateway', {
    'prometheus.io/rule': 'payments-gateway.rules',
    'prometheus.io/alert': 'KafkaConsumerLagHigh',
  }),
  component('storefront', {}, 'website'),
];

const rule = (
  name: string,
  state: FakeAlertingRule['state'],
  extra: Partial<FakeAlertingRule> = {},
): FakeAlertingRule => ({
  group: 'payments-gateway.rules',
  name,
  query: `${name}_expr > 0`,
  severity: 'critical',
  summary: `${name} summary`,
  state,
  ...extra,
});

const rules: FakeAlertingRule[] = [
  rule('PaymentsLatencyHigh', 'pending', {
    severity: 'warning',
    activeAt: '2026-12-02T02:58:00Z',
  }),
  rule('PaymentsHighErrorRate', 'firing', {
    activeAt: '2026-12-02T03:00:00Z',
  }),
  rule('PaymentsDown', 'inactive'),
  rule('KafkaConsumerLagHigh', 'firing', {
    group: 'kafka.rules',
    severity: 'warning',
    activeAt: '2026-12-02T02:40:00Z',
  }),
  rule('OrdersBacklog', 'firing', {
    group: 'orders.rules',
    activeAt: '2026-12-02T01:00:00Z',
  }),
];

const queries = {
  requestRate:
    'sum(rate(http_requests_total{service="${{ service }}",tier="${{ labels.tier }}"}[5m]))',
  errorRatio:
    'sum(rate(http_requests_total{service="${{ service }}",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="${{ service }}"}[5m]))',
  latencyP99:
    'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="${{ service }}"}[5m])))',
};

describe('the monitoring backend', () => {
  let usEast: FakePrometheus;
  let euWest: FakePrometheus;
  let server: Server;
  let stopBackend: () => Promise<void>;
  let catalogCalls: Array<{ ref: unknown; options: unknown }>;

  async function startBackend(monitoring: object) {
    const store = catalogServiceMock({ entities });
    // As a permission policy could, the catalog hides every entity from one user.
    const catalog = catalogServiceMock.mock({
      async getEntityByRef(ref, options) {
        catalogCalls.push({ ref, options });
        const principal = (options as CatalogServiceRequestOptions).credentials
          .principal as { userEntityRef?: string };
        return principal.userEntityRef === OUTSIDER
          ? undefined
          : store.getEntityByRef(ref);
      },
    });
    const backend = await startTestBackend({
      features: [
        monitoringPlugin,
        catalog.factory,
        // Requests without credentials are anonymous, as in a real backend.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({ data: { monitoring } }),
      ],
    });
    return backend;
  }

  beforeAll(async () => {
    usEast = await startFakePrometheus({ token: TOKEN });
    euWest = await startFakePrometheus();
    const backend = await startBackend({
      prometheus: {
        instances: [
          { name: 'us-east', url: usEast.url, token: TOKEN },
          { name: 'eu-west', url: `${euWest.url}/` },
        ],
        requestTimeoutMs: 400,
      },
      graphs: { hours: 2, stepSeconds: 600, queries: { service: queries } },
    });
    server = backend.server;
    stopBackend = () => backend.stop();
  });
  afterAll(async () => {
    await stopBackend();
    await usEast.close();
    await euWest.close();
  });
  beforeEach(() => {
    catalogCalls = [];
    for (const fake of [usEast, euWest]) {
      fake.requests.length = 0;
      fake.fail(undefined);
      fake.delay(0);
    }
    usEast.setData({ rules, series: [] });
    euWest.setData({
      rules: rules.filter(r => r.name !== 'PaymentsHighErrorRate'),
      series: [],
    });
  });

  const get = (path: string, header = mockCredentials.user.header()) =>
    request(server).get(`/api/monitoring${path}`).set('Authorization', header);

  const alert = (
    instance: string,
    name: string,
    state: string,
    severity: string,
    activeAt: string,
  ) => ({
    instance,
    name,
    state,
    severity,
    activeAt,
    summary: `${name} summary`,
    labels: { alertname: name, severity },
  });

  it("answers the service's active alerts, firing first, and its rules from every instance", async () => {
    const response = await get(
      '/alerts/component/default/payments-gateway',
      mockCredentials.user.header('user:default/jane'),
    );

    expect(response.status).toBe(200);
    expect(response.body.alerts).toEqual([
      alert(
        'eu-west',
        'KafkaConsumerLagHigh',
        'firing',
        'warning',
        '2026-12-02T02:40:00Z',
      ),
      alert(
        'us-east',
        'KafkaConsumerLagHigh',
        'firing',
        'warning',
        '2026-12-02T02:40:00Z',
      ),
      alert(
        'us-east',
        'PaymentsHighErrorRate',
        'firing',
        'critical',
        '2026-12-02T03:00:00Z',
      ),
      alert(
        'eu-west',
        'PaymentsLatencyHigh',
        'pending',
        'warning',
        '2026-12-02T02:58:00Z',
      ),
      alert(
        'us-east',
        'PaymentsLatencyHigh',
        'pending',
        'warning',
        '2026-12-02T02:58:00Z',
      ),
    ]);
    expect(
      response.body.rules.map(
        (r: Record<string, unknown>) =>
          `${r.instance} ${r.group} ${r.name} ${r.state} ${r.activeAlerts}`,
      ),
    ).toEqual([
      'eu-west kafka.rules KafkaConsumerLagHigh firing 1',
      'us-east kafka.rules KafkaConsumerLagHigh firing 1',
      'us-east payments-gateway.rules PaymentsHighErrorRate firing 1',
      'eu-west payments-gateway.rules PaymentsLatencyHigh pending 1',
      'us-east payments-gateway.rules PaymentsLatencyHigh pending 1',
      'eu-west payments-gateway.rules PaymentsDown inactive 0',
      'us-east payments-gateway.rules PaymentsDown inactive 0',
    ]);
    expect(response.body.rules[0]).toEqual({
      instance: 'eu-west',
      group: 'kafka.rules',
      name: 'KafkaConsumerLagHigh',
      state: 'firing',
      health: 'ok',
      query: 'KafkaConsumerLagHigh_expr > 0',
      severity: 'warning',
      activeAlerts: 1,
    });
    expect(response.body.failures).toEqual([]);
    expect(catalogCalls).toEqual([
      {
        ref: 'component:default/payments-gateway',
        options: { credentials: mockCredentials.user('user:default/jane') },
      },
    ]);
    expect(
      usEast.requests
        .map(r => `${r.method} ${r.path} ${r.authorization}`)
        .sort(),
    ).toEqual([
      `GET /api/v1/alerts Bearer ${TOKEN}`,
      `GET /api/v1/rules Bearer ${TOKEN}`,
    ]);
    expect(
      usEast.requests.find(r => r.path === '/api/v1/rules')?.query,
    ).toEqual({ type: 'alert' });
  });

  it('gives an instance that fails its own failure and keeps the other answer', async () => {
    euWest.fail(503);

    const response = await get('/alerts/component/default/payments-gateway');

    expect(response.status).toBe(200);
    expect(
      response.body.alerts.map((a: { instance: string }) => a.instance),
    ).toEqual(['us-east', 'us-east', 'us-east']);
    expect(response.body.failures).toEqual([
      {
        instance: 'eu-west',
        message:
          'Prometheus eu-west: 503 Service Unavailable: unavailable: the server is shutting down',
      },
    ]);
  });

  it('gives up on a slow instance after the configured time', async () => {
    usEast.delay(1_500);

    const started = Date.now();
    const response = await get('/alerts/component/default/payments-gateway');

    expect(Date.now() - started).toBeLessThan(1_400);
    expect(response.body.failures).toEqual([
      {
        instance: 'us-east',
        message: 'Prometheus us-east: no answer within 400 ms',
      },
    ]);
    expect(response.body.rules).toHaveLength(3);
  });

  it('answers the three graphs with the queries of the service type, for every instance', async () => {
    const series = (instance: string, factor: number): FakeSeries[] => [
      { match: 'code=~"5.."', metric: {}, value: () => 0.02 * factor },
      {
        match: 'tier="critical"',
        metric: { region: instance },
        value: (t: number) => (t % 1200 === 0 ? 40 * factor : NaN),
      },
      { match: 'histogram_quantile', metric: {}, value: () => 0.25 * factor },
    ];
    usEast.setData({ rules: [], series: series('us-east', 1) });
    euWest.setData({ rules: [], series: series('eu-west', 2) });

    const response = await get('/graphs/component/default/payments-gateway');

    expect(response.status).toBe(200);
    const { start, end, stepSeconds, serviceType, graphs } = response.body;
    expect({ serviceType, stepSeconds, span: end - start }).toEqual({
      serviceType: 'service',
      stepSeconds: 600,
      span: 7200,
    });
    expect(end % 600).toBe(0);
    expect(Math.abs(end - Date.now() / 1000)).toBeLessThan(601);
    expect(
      graphs.map((g: { id: string; title: string; unit: string }) => [
        g.id,
        g.title,
        g.unit,
      ]),
    ).toEqual([
      ['requestRate', 'Request rate', 'req/s'],
      ['errorRatio', 'Error ratio', 'ratio'],
      ['latencyP99', 'p99 latency', 'seconds'],
    ]);
    expect(graphs[0].query).toBe(
      'sum(rate(http_requests_total{service="payments-gateway",tier="critical"}[5m]))',
    );
    // NaN (no data at that step) is left out.
    const points = (t0: number) =>
      Array.from({ length: 13 }, (_, i) => t0 + i * 600).filter(
        t => t % 1200 === 0,
      );
    expect(graphs[0].series).toEqual([
      {
        instance: 'eu-west',
        labels: { region: 'eu-west' },
        points: points(start).map(t => [t, 80]),
      },
      {
        instance: 'us-east',
        labels: { region: 'us-east' },
        points: points(start).map(t => [t, 40]),
      },
    ]);
    expect(
      graphs[1].series.map((s: { points: number[][] }) => s.points[0][1]),
    ).toEqual([0.04, 0.02]);
    expect(
      graphs[2].series.map((s: { points: number[][] }) => s.points.length),
    ).toEqual([13, 13]);
    expect(graphs.flatMap((g: { failures: unknown[] }) => g.failures)).toEqual(
      [],
    );
    // The three queries go out in parallel.
    const range = usEast.requests.find(r => r.query.query === graphs[0].query);
    expect(range?.path).toBe('/api/v1/query_range');
    expect(range?.query).toEqual({
      query: graphs[0].query,
      start: String(start),
      end: String(end),
      step: '600',
    });
  });

  it('answers no graphs for a type without queries', async () => {
    const response = await get('/graphs/component/default/storefront');

    expect(response.status).toBe(200);
    expect(response.body.graphs).toEqual([]);
    expect(response.body.serviceType).toBe('website');
    expect(usEast.requests).toEqual([]);
  });

  it('puts a failing instance on each graph', async () => {
    usEast.fail(500);

    const response = await get('/graphs/component/default/payments-gateway');

    expect(
      response.body.graphs.map((g: { failures: unknown[] }) => g.failures),
    ).toEqual(
      Array(3).fill([
        {
          instance: 'us-east',
          message:
            'Prometheus us-east: 500 Internal Server Error: unavailable: the server is shutting down',
        },
      ]),
    );
  });

  it('refuses anonymous callers and hides entities the caller may not see', async () => {
    const anonymous = await request(server).get(
      '/api/monitoring/alerts/component/default/payments-gateway',
    );
    expect(anonymous.status).toBe(401);

    const hidden = await get(
      '/graphs/component/default/payments-gateway',
      mockCredentials.user.header(OUTSIDER),
    );
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'No entity component:default/payments-gateway',
    });
    expect(usEast.requests).toEqual([]);
  });

  it('refuses the alerts of an entity without the annotations', async () => {
    const response = await get('/alerts/component/default/storefront');

    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'component:default/storefront has no prometheus.io/rule or prometheus.io/alert annotation',
    );
  });

  it('says Prometheus is not configured when it has no instance', async () => {
    const backend = await startBackend({});
    try {
      const response = await request(backend.server)
        .get('/api/monitoring/alerts/component/default/payments-gateway')
        .set('Authorization', mockCredentials.user.header());
      expect(response.status).toBe(503);
      expect(response.body.error.message).toBe(
        'Prometheus is not configured (monitoring.prometheus.instances)',
      );
    } finally {
      await backend.stop();
    }
  });
});
