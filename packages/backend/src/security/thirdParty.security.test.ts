import type { Server } from 'node:http';
import {
  SERVICE_TOKEN,
  SignedIn,
  as,
  startSecurityBackend,
} from '../__testUtils__/securityBackend';
/*
 * The local fakes of PagerDuty's REST API and argocd-server's /api/v1 that the e2e journeys
 * run against (e2e-tests/fakes), with their seeds: payments-gateway's PagerDuty service and
 * Argo CD applications. Each records every request it receives.
 */
/* eslint-disable @backstage/no-relative-monorepo-imports */
import { startFakeArgoCd } from '../../../../e2e-tests/fakes/argocd';
import { startFakePagerDuty } from '../../../../e2e-tests/fakes/pagerduty';
import {
  PAYMENTS_GATEWAY,
  argoCdApplications,
  pagerDutyData,
} from '../../../../e2e-tests/fakes/seeds';
/* eslint-enable @backstage/no-relative-monorepo-imports */

jest.setTimeout(240_000);

const PAGERDUTY_TOKEN = 'security-test-pagerduty-token';
const ARGOCD_TOKEN = 'security-test-argocd-token';
const GATEWAY_REF = 'component:default/payments-gateway';
const SETTING = 'settings::service-dependency-sync-strategy';

/**
 * Issue 12, item 8: through the PagerDuty and Argo CD backends a non-admin reads, and
 * changes neither the third party's state nor the portal's mappings to it.
 */
describe('third parties: read for everyone, changes for admins and backend services', () => {
  let pagerDuty: Awaited<ReturnType<typeof startFakePagerDuty>>;
  let argoCd: Awaited<ReturnType<typeof startFakeArgoCd>>;
  let backend: Awaited<ReturnType<typeof startSecurityBackend>>;
  let server: Server;
  let alice: SignedIn;
  let bob: SignedIn;
  let carol: SignedIn;
  const writesTo = (fake: { requests: Array<{ method: string }> }) =>
    fake.requests.filter(r => r.method !== 'GET');

  beforeAll(async () => {
    pagerDuty = await startFakePagerDuty({
      apiToken: PAGERDUTY_TOKEN,
      data: pagerDutyData,
    });
    argoCd = await startFakeArgoCd({
      token: ARGOCD_TOKEN,
      username: 'admin',
      password: 'unused',
      applications: argoCdApplications,
    });
    backend = await startSecurityBackend([
      {
        pagerDuty: { apiBaseUrl: pagerDuty.url, apiToken: PAGERDUTY_TOKEN },
        argocd: {
          appLocatorMethods: [
            {
              type: 'config',
              instances: [
                { name: 'argocd', url: argoCd.url, token: ARGOCD_TOKEN },
              ],
            },
          ],
        },
      },
    ]);
    ({ server, alice, bob, carol } = backend);
  });

  afterAll(async () => {
    await backend?.backend.stop();
    await pagerDuty?.close();
    await argoCd?.close();
  });

  it("lets bob read PagerDuty and Argo CD through the portal (the On-call and CI/CD tabs' calls)", async () => {
    const service = await as(server, bob).get(
      `/api/pagerduty/services/${PAYMENTS_GATEWAY.pagerDutyServiceId}`,
    );
    expect(service.status).toBe(200);
    expect(service.body.service.name).toBe('payments-gateway');
    const app = await as(server, bob).get(
      `/api/argocd/argoInstance/argocd/applications/name/${PAYMENTS_GATEWAY.argoCdApp}`,
    );
    expect(app.status).toBe(200);
    expect(app.body.metadata.name).toBe(PAYMENTS_GATEWAY.argoCdApp);
  });

  it('refuses bob every PagerDuty change: settings, mappings, dependencies, integrations, custom fields; nothing reaches PagerDuty', async () => {
    const before = writesTo(pagerDuty).length;
    const pd = as(server, bob);
    const attempts = [
      pd.post('/api/pagerduty/settings', [{ id: SETTING, value: 'backstage' }]),
      // Re-pointing payments-gateway to a PagerDuty service of his choosing.
      pd.post('/api/pagerduty/mapping/entity', {
        serviceId: 'P2ORDER',
        entityRef: GATEWAY_REF,
        integrationKey: 'bobs-own-key',
        status: 'InSync',
      }),
      // Never answered before; refused at once now.
      pd.post('/api/pagerduty/mapping/entities', { offset: 0, limit: 10 }),
      pd.post('/api/pagerduty/mapping/entities/bulk', {
        mappings: [{ serviceId: 'P2ORDER', entityRef: GATEWAY_REF }],
      }),
      pd.post('/api/pagerduty/mapping/entity/auto-match/start', {}),
      pd.post(
        `/api/pagerduty/dependencies/service/${PAYMENTS_GATEWAY.pagerDutyServiceId}`,
        ['P2ORDER'],
      ),
      pd.delete(
        `/api/pagerduty/dependencies/service/${PAYMENTS_GATEWAY.pagerDutyServiceId}`,
        ['P2ORDER'],
      ),
      pd.post(
        `/api/pagerduty/services/${PAYMENTS_GATEWAY.pagerDutyServiceId}/integration/PRO19CT`,
      ),
      pd.post('/api/pagerduty/custom-fields', { name: 'tier' }),
      pd.put('/api/pagerduty/custom-fields/1', { name: 'tier' }),
      pd.patch('/api/pagerduty/custom-fields/1/enabled', { enabled: false }),
      pd.delete('/api/pagerduty/custom-fields/1'),
      pd.post('/api/pagerduty/custom-fields/sync', {}),
      pd.post('/api/pagerduty/custom-fields/sync-logs', {}),
    ];
    for (const [i, response] of (await Promise.all(attempts)).entries()) {
      expect({ attempt: i, status: response.status }).toEqual({
        attempt: i,
        status: 403,
      });
      expect(response.body.error.message).toContain(
        'needs the permission bookstore.integration.write',
      );
    }
    expect(writesTo(pagerDuty).slice(before)).toEqual([]);
    // The portal's own state is unchanged too.
    const setting = await as(server, alice).get(
      `/api/pagerduty/settings/${SETTING}`,
    );
    expect(setting.status).toBe(404);
    const mapping = await as(server, alice).get(
      '/api/pagerduty/mapping/entity/component/default/payments-gateway',
    );
    expect(mapping.status).toBe(404);
  });

  it('refuses bob every Argo CD change: create, update, sync, delete, terminate; nothing reaches Argo CD', async () => {
    const before = writesTo(argoCd).length;
    const app = PAYMENTS_GATEWAY.argoCdApp;
    const argo = as(server, bob);
    const attempts = [
      argo.post('/api/argocd/createArgo', {
        clusterName: 'argocd',
        namespace: 'payments-us-east',
        projectName: 'bobs',
        appName: 'bobs-app',
        labelValue: 'bobs-app',
        sourceRepo: 'https://example.com/bob.git',
        sourcePath: 'chart',
      }),
      argo.put(`/api/argocd/updateArgo/${app}`, {
        clusterName: 'argocd',
        appName: app,
      }),
      argo.post('/api/argocd/sync', {
        appSelector: 'backstage.io/kubernetes-id=payments-gateway',
      }),
      argo.delete(`/api/argocd/argoInstance/argocd/applications/${app}`),
      argo.delete(
        `/api/argocd/argoInstance/argocd/applications/${app}/operation`,
      ),
    ];
    for (const [i, response] of (await Promise.all(attempts)).entries()) {
      expect({ attempt: i, status: response.status }).toEqual({
        attempt: i,
        status: 403,
      });
    }
    expect(writesTo(argoCd).slice(before)).toEqual([]);
  });

  it('lets carol, an admin, change the mapping, which alice then reads', async () => {
    const before = writesTo(pagerDuty).length;
    const mapped = await as(server, carol).post(
      '/api/pagerduty/mapping/entity',
      {
        serviceId: PAYMENTS_GATEWAY.pagerDutyServiceId,
        entityRef: GATEWAY_REF,
        integrationKey: 'e2e0payments0gateway0events0v2key',
        status: 'InSync',
      },
    );
    expect(mapped.status).toBe(200);
    const read = await as(server, alice).get(
      '/api/pagerduty/mapping/entity/component/default/payments-gateway',
    );
    expect(read.status).toBe(200);
    expect(read.body.mapping).toMatchObject({
      entityRef: GATEWAY_REF,
      serviceId: PAYMENTS_GATEWAY.pagerDutyServiceId,
    });
    const settings = await as(server, carol).post('/api/pagerduty/settings', [
      { id: SETTING, value: 'backstage' },
    ]);
    expect(settings.status).toBe(200);
    // Both are the portal's own state: nothing was written to PagerDuty.
    expect(writesTo(pagerDuty).slice(before)).toEqual([]);
  });

  it("lets carol's sync through to Argo CD, and a backend service's", async () => {
    for (const who of [carol, SERVICE_TOKEN]) {
      const before = writesTo(argoCd).length;
      const sync = await as(server, who).post('/api/argocd/sync', {
        appSelector: 'backstage.io/kubernetes-id=payments-gateway',
      });
      expect(sync.status).not.toBe(403);
      // The fake is read-only and refuses the sync (405): what matters is that it was asked.
      expect(
        writesTo(argoCd)
          .slice(before)
          .map(r => `${r.method} ${(r as unknown as { path: string }).path}`),
      ).toContain(
        `POST /api/v1/applications/${PAYMENTS_GATEWAY.argoCdApp}/sync`,
      );
    }
  });
});
