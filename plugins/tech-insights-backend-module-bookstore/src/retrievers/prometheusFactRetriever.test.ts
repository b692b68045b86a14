import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FactRetriever,
  FactRetrieverContext,
  techInsightsFactRetrieversExtensionPoint,
} from '@backstage-community/plugin-tech-insights-node';
// The tests run the real monitoring backend, against its fake Prometheus, next to this module as
// the portal's backend does; the module itself imports only @internal/plugin-monitoring-common.
/* eslint-disable @backstage/no-mixed-plugin-imports */
import monitoringBackend from '@internal/plugin-monitoring-backend';
import {
  FakeAlertingRule,
  FakePrometheus,
  startFakePrometheus,
} from '@internal/plugin-monitoring-backend/testUtils';
/* eslint-enable @backstage/no-mixed-plugin-imports */
import { techInsightsModuleBookstoreFacts } from '../module';
import { PROMETHEUS_FACTS_ID } from './prometheusFactRetriever';

jest.setTimeout(60_000);

const REQUEST_TIMEOUT_MS = 1500;

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
  };
}

const entities = [
  // Its rule group is in eu-west only.
  component('orders', { 'prometheus.io/rule': 'orders.rules' }),
  // Its alert is a rule of a group shared with other services, in us-east.
  component('search', { 'prometheus.io/alert': 'SearchIndexStale' }),
  // Names a rule group no Prometheus has.
  component('billing', { 'prometheus.io/rule': 'billing.rules' }),
  component('scripts', {}),
];

const rule = (group: string, name: string): FakeAlertingRule => ({
  group,
  name,
  query: `${name}_expr > 0`,
  severity: 'warning',
  summary: `${name} summary`,
  state: 'inactive',
});

/**
 * The module's Prometheus retriever, as it registers with the tech insights
 * backend, in a test backend with the real monitoring backend: the
 * retriever's own discovery and service credentials reach it over HTTP.
 */
async function startRetriever(monitoring: object): Promise<FactRetriever> {
  const registered: Record<string, FactRetriever> = {};
  await startTestBackend({
    extensionPoints: [
      [
        techInsightsFactRetrieversExtensionPoint,
        {
          addFactRetrievers: (retrievers: Record<string, FactRetriever>) =>
            Object.assign(registered, retrievers),
        },
      ],
    ],
    features: [
      techInsightsModuleBookstoreFacts,
      monitoringBackend,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          monitoring,
          techInsights: {
            bookstore: { requestTimeoutMs: REQUEST_TIMEOUT_MS },
            factRetrievers: {
              [PROMETHEUS_FACTS_ID]: { cadence: '*/15 * * * *' },
            },
          },
        },
      }),
    ],
  });
  return registered[PROMETHEUS_FACTS_ID];
}

describe('createPrometheusFactRetriever', () => {
  let usEast: FakePrometheus;
  let euWest: FakePrometheus;
  let retriever: FactRetriever;
  let logger: ReturnType<typeof mockServices.logger.mock>;

  beforeAll(async () => {
    usEast = await startFakePrometheus({
      data: {
        rules: [
          rule('platform.rules', 'SearchIndexStale'),
          rule('platform.rules', 'DiskFull'),
        ],
        series: [],
      },
    });
    euWest = await startFakePrometheus({
      data: { rules: [rule('orders.rules', 'OrdersDown')], series: [] },
    });
    retriever = await startRetriever({
      prometheus: {
        instances: [
          { name: 'us-east', url: usEast.url },
          { name: 'eu-west', url: euWest.url },
        ],
      },
    });
  });
  beforeEach(() => {
    logger = mockServices.logger.mock();
  });
  afterEach(() => {
    for (const prometheus of [usEast, euWest]) {
      prometheus.fail(undefined);
      prometheus.delay(0);
      prometheus.requests.splice(0);
    }
  });
  afterAll(async () => {
    await usEast.close();
    await euWest.close();
  });

  async function run(of = retriever) {
    const facts = await of.handler({
      logger,
    } as unknown as FactRetrieverContext);
    return Object.fromEntries(facts.map(f => [f.entity.name, f.facts]));
  }

  it("finds a service's rules in any Prometheus, and asks only for the annotated services", async () => {
    expect(await run()).toEqual({
      orders: { hasAlertingRules: true },
      search: { hasAlertingRules: true },
      billing: { hasAlertingRules: false },
      scripts: { hasAlertingRules: false },
    });
    // The monitoring backend reads each instance's alerting rules for orders, search and billing.
    for (const prometheus of [usEast, euWest]) {
      expect(
        prometheus.requests.filter(r => r.path === '/api/v1/rules'),
      ).toHaveLength(3);
    }
    expect(logger.warn).not.toHaveBeenCalled();
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('gives no facts to the services whose rules a failing Prometheus might hold, in one line', async () => {
    euWest.fail(503);
    expect(await run()).toEqual({
      search: { hasAlertingRules: true },
      scripts: { hasAlertingRules: false },
    });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Prometheus could not tell the alerting rules of 2 Components, they keep their last facts: Prometheus eu-west: .*503.* \(component:default\/orders, component:default\/billing\)$/,
      ),
    );
  });

  it('asks no more once the monitoring backend fails to answer, and says so once', async () => {
    usEast.delay(REQUEST_TIMEOUT_MS * 2);
    expect(await run()).toEqual({ scripts: { hasAlertingRules: false } });
    // Only orders was asked for.
    expect(
      usEast.requests.filter(r => r.path === '/api/v1/rules'),
    ).toHaveLength(1);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(
        /^The monitoring backend failed, 3 Components keep their last Prometheus facts: .*timeout/,
      ),
    );
  });

  it('asks no more when the monitoring backend has no Prometheus, and says so once', async () => {
    const unconfigured = await startRetriever({
      prometheus: { instances: [] },
    });
    expect(await run(unconfigured)).toEqual({
      scripts: { hasAlertingRules: false },
    });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      'The monitoring backend cannot read Prometheus, 3 Components keep their last Prometheus facts: Request failed with 503 Service Unavailable: Prometheus is not configured (monitoring.prometheus.instances)',
    );
    expect(logger.error).not.toHaveBeenCalled();
  });
});
