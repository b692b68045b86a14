import { ConfigReader } from '@backstage/config';
import request from 'supertest';
import { waitForEntities } from './__testUtils__/catalogClient';
import {
  guestSignInForTests,
  signInAsGuest,
  startPortalBackend,
} from './__testUtils__/portalBackend';
import { loadPortalConfig } from './__testUtils__/portalConfig';

jest.setTimeout(120_000);

const SERVICES = [
  'catalog',
  'orders',
  'payments-gateway',
  'search',
  'events',
  'recommendations',
  'storefront',
];

describe('the portal backend with the local configuration', () => {
  let backend: Awaited<ReturnType<typeof startPortalBackend>>;
  let config: ConfigReader;

  beforeAll(async () => {
    const data = await loadPortalConfig(
      ['app-config.yaml'],
      guestSignInForTests,
    );
    config = new ConfigReader(data);
    backend = await startPortalBackend(data);
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('answers the readiness probe', async () => {
    const response = await request(backend.server).get(
      '/.backstage/health/v1/readiness',
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('serves the bookstore example catalog', async () => {
    const token = await signInAsGuest(backend.server);
    const entities = await waitForEntities(backend.server, token, all =>
      SERVICES.every(name =>
        all.some(e => e.kind === 'Component' && e.metadata.name === name),
      ),
    );
    const byRef = new Map(
      entities.map(e => [`${e.kind}:${e.metadata.name}`.toLowerCase(), e]),
    );
    expect(byRef.get('domain:bookstore')).toBeTruthy();
    expect(byRef.get('system:bookstore-platform')?.spec?.domain).toBe(
      'bookstore',
    );
    const gateway = byRef.get('component:payments-gateway')!;
    expect(gateway.spec).toMatchObject({
      owner: 'team-payments',
      system: 'bookstore-platform',
    });
    expect(gateway.metadata.annotations).toMatchObject({
      'argocd/app-name': expect.any(String),
      'backstage.io/kubernetes-id': 'payments-gateway',
      'pagerduty.com/service-id': expect.stringMatching(/^P[A-Z0-9]+$/),
      'backstage.io/techdocs-ref': 'dir:.',
    });
    expect(byRef.get('user:alice')?.spec?.memberOf).toContain('team-payments');
    expect(byRef.get('group:platform-team')).toBeTruthy();
    const apis = entities.filter(e => e.kind === 'API');
    expect(
      apis.filter(e => e.spec?.type === 'openapi').length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('serves the scorecard checks of app-config.yaml to a signed-in user', async () => {
    const token = await signInAsGuest(backend.server);
    const response = await request(backend.server)
      .get('/api/tech-insights/checks')
      .set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(
      (response.body as Array<{ id: string }>).map(check => check.id).sort(),
    ).toEqual(
      config.getConfig('techInsights.factChecker.checks').keys().sort(),
    );
  });

  it('refuses catalog reads without credentials', async () => {
    const response = await request(backend.server).get('/api/catalog/entities');
    expect(response.status).toBe(401);
  });
});
