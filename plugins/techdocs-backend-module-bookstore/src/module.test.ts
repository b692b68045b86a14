import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metrics, MeterProvider } from '@opentelemetry/api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import techdocsBackend from '@backstage/plugin-techdocs-backend';
import request from 'supertest';
import techdocsModuleFailureMetrics from '.';

jest.setTimeout(30_000);

/** The counter's measurements, as the OpenTelemetry SDK would receive them. */
const measured: { name: string; value: number; attributes: unknown }[] = [];
beforeAll(() => {
  metrics.setGlobalMeterProvider({
    getMeter: () => ({
      createCounter: (name: string) => ({
        add: (value: number, attributes: unknown) =>
          measured.push({ name, value, attributes }),
      }),
    }),
  } as unknown as MeterProvider);
});
afterAll(() => metrics.disable());

const component = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
  },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
});

describe('techdocsModuleFailureMetrics', () => {
  let publishDir: string;
  beforeEach(() => {
    measured.length = 0;
    publishDir = mkdtempSync(join(tmpdir(), 'techdocs-published-'));
    // payments-gateway's site was published by its CI; orders' was not.
    const site = join(publishDir, 'default/component/payments-gateway');
    mkdirSync(site, { recursive: true });
    writeFileSync(
      join(site, 'techdocs_metadata.json'),
      JSON.stringify({ site_name: 'Payments Gateway', site_description: '' }),
    );
    writeFileSync(join(site, 'index.html'), '<h1>Payments Gateway</h1>');
  });
  afterEach(() => rmSync(publishDir, { recursive: true, force: true }));

  async function startTechDocs() {
    const { server } = await startTestBackend({
      features: [
        techdocsBackend,
        techdocsModuleFailureMetrics,
        catalogServiceMock.factory({
          entities: [component('payments-gateway'), component('orders')],
        }),
        mockServices.rootConfig.factory({
          data: {
            techdocs: {
              builder: 'external',
              publisher: {
                type: 'local',
                local: { publishDirectory: publishDir },
              },
            },
          },
        }),
      ],
    });
    return server;
  }

  it('counts a read of a site that was never published, per entity', async () => {
    const server = await startTechDocs();

    const res = await request(server).get(
      '/api/techdocs/metadata/techdocs/default/component/orders',
    );

    expect(res.status).toBe(404);
    expect(measured).toEqual([
      {
        name: 'techdocs_build_failures_total',
        value: 1,
        attributes: { entity: 'component:default/orders', stage: 'read' },
      },
    ]);
  });

  it('counts nothing for a published site read whole', async () => {
    const server = await startTechDocs();

    const metadata = await request(server).get(
      '/api/techdocs/metadata/techdocs/default/component/payments-gateway',
    );
    const page = await request(server).get(
      '/api/techdocs/static/docs/default/component/payments-gateway/index.html',
    );

    expect([metadata.status, page.status]).toEqual([200, 200]);
    expect(page.text).toContain('Payments Gateway');
    expect(measured).toEqual([]);
  });
});
