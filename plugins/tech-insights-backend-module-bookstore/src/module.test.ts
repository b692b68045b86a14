import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import type {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import techdocsBackend from '@backstage/plugin-techdocs-backend';
import techInsightsBackend from '@backstage-community/plugin-tech-insights-backend';
import techInsightsModuleJsonfc from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
// The tests run the real monitoring backend, against its fake Prometheus, next to this module as
// the portal's backend does; the module itself imports only @internal/plugin-monitoring-common.
/* eslint-disable @backstage/no-mixed-plugin-imports */
import monitoringBackend from '@internal/plugin-monitoring-backend';
import {
  FakePrometheus,
  startFakePrometheus,
} from '@internal/plugin-monitoring-backend/testUtils';
/* eslint-enable @backstage/no-mixed-plugin-imports */
import request from 'supertest';
import { parse } from 'yaml';
import techInsightsModuleBookstoreFacts, {
  ARGOCD_FACTS_ID,
  CATALOG_FACTS_ID,
  PROMETHEUS_FACTS_ID,
} from '.';
import {
  catalogEntities,
  GOLDEN_SERVICE_CATALOG_FACTS,
  LEGACY_SERVICE_CATALOG_FACTS,
} from './__testUtils__/entities';
import { FakeArgoCd, startFakeArgoCd } from './__testUtils__/fakeArgoCd';

jest.setTimeout(60_000);

/**
 * What `mockServices.scheduler()` returns (a `MockSchedulerService`, typed as the plain
 * service): its factory puts this instance in the backend, so the test triggers the runs.
 */
interface MockScheduler extends SchedulerService {
  factory(options: {
    skipTaskRunOnStartup: boolean;
  }): ServiceFactory<SchedulerService, 'plugin'>;
}

const TOKEN = 'argocd-read-only-token';
const PROMETHEUS_TOKEN = 'prometheus-reader';
/** The shipped checks and retriever settings (app-config.yaml at the repository root). */
const shipped = parse(
  readFileSync(resolve(__dirname, '../../../app-config.yaml'), 'utf8'),
).techInsights;

function workload(withProbe: boolean) {
  const container = withProbe
    ? {
        name: 'app',
        livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
      }
    : { name: 'app' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app' },
    spec: { template: { spec: { containers: [container] } } },
  };
}

describe('the bookstore facts in the tech insights backend', () => {
  let argocd: FakeArgoCd;
  let prometheus: FakePrometheus;
  let publishDir: string;
  let server: Server;
  const scheduler = mockServices.scheduler() as MockScheduler;
  const daysAgo = (days: number) =>
    new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
  const ordersDeployedAt = daysAgo(3);
  const legacyDeployedAt = daysAgo(200);

  beforeAll(async () => {
    argocd = await startFakeArgoCd({
      token: TOKEN,
      applications: [
        {
          application: {
            metadata: { name: 'bookstore-orders-us-east', namespace: 'argocd' },
            status: {
              sync: { status: 'Synced' },
              health: { status: 'Healthy' },
              history: [{ deployedAt: ordersDeployedAt }],
            },
          },
          manifests: [workload(true)],
        },
        {
          application: {
            metadata: { name: 'legacy-billing', namespace: 'argocd' },
            status: {
              sync: { status: 'OutOfSync' },
              health: { status: 'Healthy' },
              history: [{ deployedAt: legacyDeployedAt }],
            },
          },
          manifests: [workload(false)],
        },
      ],
    });
    // orders.rules holds an alerting rule; legacy-billing.rules, which legacy-billing names, none.
    prometheus = await startFakePrometheus({
      token: PROMETHEUS_TOKEN,
      data: {
        rules: [
          {
            group: 'orders.rules',
            name: 'OrdersHighErrorRate',
            query: 'orders:error_ratio:rate5m > 0.05',
            severity: 'critical',
            summary: 'More than 5% of order requests fail',
            state: 'inactive',
          },
        ],
        series: [],
      },
    });
    // orders' TechDocs site was published with its runbook page; legacy-billing has none.
    publishDir = mkdtempSync(join(tmpdir(), 'techdocs-published-'));
    const site = join(publishDir, 'default/component/orders');
    mkdirSync(site, { recursive: true });
    writeFileSync(
      join(site, 'techdocs_metadata.json'),
      JSON.stringify({
        site_name: 'orders',
        files: ['index.html', 'runbook/index.html'],
      }),
    );
    ({ server } = await startTestBackend({
      features: [
        techInsightsBackend,
        techInsightsModuleJsonfc,
        techInsightsModuleBookstoreFacts,
        techdocsBackend,
        monitoringBackend,
        catalogServiceMock.factory({ entities: catalogEntities }),
        scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            techInsights: shipped,
            techdocs: {
              builder: 'external',
              publisher: {
                type: 'local',
                local: { publishDirectory: publishDir },
              },
            },
            monitoring: {
              prometheus: {
                instances: [
                  {
                    name: 'us-east',
                    url: prometheus.url,
                    token: PROMETHEUS_TOKEN,
                  },
                ],
              },
            },
            argocd: {
              appLocatorMethods: [
                {
                  type: 'config',
                  instances: [
                    { name: 'argocd', url: argocd.url, token: TOKEN },
                  ],
                },
              ],
            },
          },
        }),
      ],
    }));
    await scheduler.triggerTask(CATALOG_FACTS_ID);
    await scheduler.triggerTask(ARGOCD_FACTS_ID);
    await scheduler.triggerTask(PROMETHEUS_FACTS_ID);
  });

  afterAll(async () => {
    await argocd.close();
    await prometheus.close();
    rmSync(publishDir, { recursive: true, force: true });
  });

  const get = (path: string) =>
    request(server)
      .get(`/api/tech-insights${path}`)
      .set('Authorization', mockCredentials.user.header());

  async function scorecard(name: string): Promise<Record<string, boolean>> {
    const response = await request(server)
      .post(`/api/tech-insights/checks/run/default/component/${name}`)
      .set('Authorization', mockCredentials.user.header())
      .send({});
    expect(response.status).toBe(200);
    return Object.fromEntries(
      (response.body as Array<{ check: { id: string }; result: boolean }>).map(
        r => [r.check.id, r.result],
      ),
    );
  }

  it('stores the facts of each service, from the catalog, TechDocs, Argo CD and Prometheus', async () => {
    const latest = async (name: string) => {
      const response = await get('/facts/latest').query({
        entity: `component:default/${name}`,
        ids: [CATALOG_FACTS_ID, ARGOCD_FACTS_ID, PROMETHEUS_FACTS_ID],
      });
      expect(response.status).toBe(200);
      return Object.fromEntries(
        Object.entries(response.body as Record<string, { facts: unknown }>).map(
          ([id, row]) => [id, row.facts],
        ),
      );
    };
    expect(await latest('orders')).toEqual({
      [CATALOG_FACTS_ID]: GOLDEN_SERVICE_CATALOG_FACTS,
      [ARGOCD_FACTS_ID]: {
        hasArgoCdApplication: true,
        argocdSynced: true,
        argocdHealthy: true,
        argocdDaysSinceDeploy: 3,
        argocdFirstDeployedAt: ordersDeployedAt,
        hasHealthCheck: true,
      },
      [PROMETHEUS_FACTS_ID]: { hasAlertingRules: true },
    });
    expect(await latest('legacy-billing')).toEqual({
      [CATALOG_FACTS_ID]: LEGACY_SERVICE_CATALOG_FACTS,
      [ARGOCD_FACTS_ID]: {
        hasArgoCdApplication: true,
        argocdSynced: false,
        argocdHealthy: true,
        argocdDaysSinceDeploy: 200,
        argocdFirstDeployedAt: legacyDeployedAt,
        hasHealthCheck: false,
      },
      [PROMETHEUS_FACTS_ID]: { hasAlertingRules: false },
    });
    expect(argocd.requests).toEqual([
      '/api/v1/applications/bookstore-orders-us-east',
      '/api/v1/applications/bookstore-orders-us-east/manifests',
      '/api/v1/applications/legacy-billing',
      '/api/v1/applications/legacy-billing/manifests',
    ]);
    // Through the monitoring backend (each service's alerting rules and alerts, in parallel).
    expect(
      prometheus.requests
        .map(r => `${r.authorization} ${r.path}?type=${r.query.type ?? ''}`)
        .sort(),
    ).toEqual(
      [
        '/api/v1/alerts?type=',
        '/api/v1/alerts?type=',
        '/api/v1/rules?type=alert',
        '/api/v1/rules?type=alert',
      ].map(path => `Bearer ${PROMETHEUS_TOKEN} ${path}`),
    );
  });

  it('runs the shipped checks: the compliant service passes all, the other fails', async () => {
    const all = Object.keys(shipped.factChecker.checks);
    expect(await scorecard('orders')).toEqual(
      Object.fromEntries(all.map(id => [id, true])),
    );
    expect(await scorecard('legacy-billing')).toEqual(
      Object.fromEntries(all.map(id => [id, false])),
    );
  });

  it('tells each check with its category and how to fix it', async () => {
    const response = await get('/checks');
    expect(response.status).toBe(200);
    for (const check of response.body) {
      expect(check).toMatchObject({
        description: expect.any(String),
        metadata: {
          category: expect.stringMatching(
            /^(Reliability|Documentation|Ownership|Operations|Observability)$/,
          ),
        },
        links: [
          { title: expect.any(String), url: expect.stringMatching(/^\//) },
        ],
      });
    }
  });
});
