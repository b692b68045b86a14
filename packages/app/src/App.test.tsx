import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import App from './App';
import { exampleComponent, loadAppConfig } from './__testUtils__/portalApp';

jest.setTimeout(60_000);

const catalog = new Map(
  ['payments-gateway', 'recommendations'].map(name => [
    name,
    exampleComponent(name),
  ]),
);

/** A bookstore-tenant Resource, as the Crossplane catalog provider writes it. */
const claimIn = (cluster: string, ready: string, reason: string) => ({
  cluster,
  source: 'claim',
  apiVersion: 'platform.bookstore.io/v1alpha1',
  kind: 'BookstoreTenant',
  namespace: 'bookstore-tenants',
  name: 'acme-books',
  ready,
  synced: 'True',
  conditions: [{ type: 'Ready', status: ready, reason }],
});
const tenant = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'acme-books',
    namespace: 'default',
    uid: 'uid-acme-books',
    annotations: {
      'backstage.io/kubernetes-label-selector':
        'crossplane.io/claim-name=acme-books',
    },
  },
  spec: {
    type: 'bookstore-tenant',
    owner: 'group:default/team-payments',
    tenant: {
      tier: 'standard',
      regions: ['us-east', 'eu-west'],
      clusters: [
        claimIn('us-east', 'True', 'Available'),
        claimIn('eu-west', 'False', 'Creating'),
      ],
    },
  },
  relations: [],
};

const runbookCheck = {
  id: 'hasRunbook',
  type: 'json-rules-engine',
  name: 'Runbook',
  description: 'The service has a runbook.',
  factIds: ['bookstoreCatalogFacts'],
  metadata: { category: 'Reliability' },
  links: [
    {
      title: 'Write a runbook',
      url: '/docs/default/component/bookstore-portal/scorecards/#runbook',
    },
  ],
};
const runbookResult = {
  facts: {
    hasRunbook: {
      value: false,
      type: 'boolean',
      description: 'A link of type runbook, or a runbook page',
    },
  },
  result: false,
  check: {
    ...runbookCheck,
    rule: {
      conditions: {
        priority: 1,
        all: [
          {
            operator: 'equal',
            value: true,
            fact: 'hasRunbook',
            factResult: false,
            valueResult: true,
            result: false,
          },
        ],
      },
    },
  },
};

/** An unsigned token in the shape the auth backend issues; the frontend only reads its claims. */
function backstageToken(sub: string): string {
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${part({ alg: 'none' })}.${part({ sub, ent: [sub], exp })}.`;
}

const notFound = (message: string) =>
  HttpResponse.json(
    { error: { name: 'NotFoundError', message } },
    { status: 404 },
  );

// The backend, as far as the service page needs it, in its real wire format.
const backend = 'http://localhost:7007/api';
const server = setupServer(
  http.get(`${backend}/auth/guest/refresh`, () =>
    HttpResponse.json({
      profile: { displayName: 'Guest' },
      backstageIdentity: {
        token: backstageToken('user:development/guest'),
        identity: {
          type: 'user',
          userEntityRef: 'user:development/guest',
          ownershipEntityRefs: ['user:development/guest'],
        },
      },
    }),
  ),
  http.get(
    `${backend}/catalog/entities/by-name/component/default/:name`,
    ({ params }) => {
      const entity = catalog.get(String(params.name));
      return entity ? HttpResponse.json(entity) : notFound('no such entity');
    },
  ),
  http.get(
    `${backend}/catalog/entities/by-name/component/default/:name/ancestry`,
    ({ params }) => {
      const entity = catalog.get(String(params.name));
      return entity
        ? HttpResponse.json({
            rootEntityRef: `component:default/${params.name}`,
            items: [{ entity, parentEntityRefs: [] }],
          })
        : notFound('no such entity');
    },
  ),
  http.get(
    `${backend}/catalog/entities/by-name/resource/default/acme-books`,
    () => HttpResponse.json(tenant),
  ),
  http.get(
    `${backend}/catalog/entities/by-name/resource/default/acme-books/ancestry`,
    () =>
      HttpResponse.json({
        rootEntityRef: 'resource:default/acme-books',
        items: [{ entity: tenant, parentEntityRefs: [] }],
      }),
  ),
  // The bookstore-tenant backend: acme-books live, eu-west not answering.
  http.get(`${backend}/bookstore-tenant/tenants/default/acme-books`, () =>
    HttpResponse.json({
      entityRef: 'resource:default/acme-books',
      clusters: [
        {
          cluster: 'us-east',
          namespace: 'bookstore-tenants',
          name: 'acme-books',
          composite: {
            apiVersion: 'platform.bookstore.io/v1alpha1',
            kind: 'XBookstoreTenant',
            name: 'acme-books-x7k2p',
            ready: 'True',
            conditions: [],
          },
          composed: [],
          events: [],
        },
        {
          cluster: 'eu-west',
          namespace: 'bookstore-tenants',
          name: 'acme-books',
          composed: [],
          events: [],
          error: { message: 'Kubernetes cluster eu-west: timed out' },
        },
      ],
    }),
  ),
  http.post(`${backend}/catalog/entities/by-refs`, () =>
    HttpResponse.json({ items: [] }),
  ),
  http.get(`${backend}/catalog/entities/by-query`, () =>
    HttpResponse.json({ items: [], totalItems: 0, pageInfo: {} }),
  ),
  http.post(`${backend}/permission/authorize`, async ({ request }) => {
    const { items } = (await request.json()) as { items: { id: string }[] };
    return HttpResponse.json({
      items: items.map(({ id }) => ({ id, result: 'ALLOW' })),
    });
  }),
  // No cluster is configured locally: the Kubernetes backend answers with empty lists.
  http.get(`${backend}/kubernetes/clusters`, () =>
    HttpResponse.json({ items: [] }),
  ),
  http.post(`${backend}/kubernetes/services/:name`, () =>
    HttpResponse.json({ items: [] }),
  ),
  // TechDocs: the site built for payments-gateway, as the TechDocs backend serves it.
  http.get(
    `${backend}/techdocs/metadata/entity/default/component/:name`,
    ({ params }) => HttpResponse.json(catalog.get(String(params.name))),
  ),
  http.get(
    `${backend}/techdocs/metadata/techdocs/default/component/:name`,
    () =>
      HttpResponse.json({
        site_name: 'Payments Gateway',
        site_description: '',
      }),
  ),
  http.get(
    `${backend}/techdocs/sync/default/component/:name`,
    () =>
      new HttpResponse('event: finish\ndata: {"updated":false}\n\n', {
        headers: { 'content-type': 'text/event-stream' },
      }),
  ),
  http.get(`${backend}/techdocs/static/docs/default/component/:name/*`, () =>
    HttpResponse.html(
      '<html><body><div class="md-container"><div class="md-content"><article><h1>Payments Gateway runbook</h1><p>First response steps.</p></article></div></div></body></html>',
    ),
  ),
  // Tech Insights: one check, as its json-rules-engine checker answers (scorecards).
  http.get(`${backend}/tech-insights/checks`, () =>
    HttpResponse.json([runbookCheck]),
  ),
  http.post(`${backend}/tech-insights/checks/run/default/component/:name`, () =>
    HttpResponse.json([runbookResult]),
  ),
  http.post(`${backend}/tech-insights/checks/run`, async ({ request }) => {
    const { entities } = (await request.json()) as { entities: string[] };
    return HttpResponse.json(
      entities.map(entity => ({ entity, results: [runbookResult] })),
    );
  }),
  http.get(`${backend}/catalog/entities`, () =>
    HttpResponse.json([...catalog.values()]),
  ),
  // Everything else the page asks the backend for is not under test here.
  http.all(`${backend}/*`, () => notFound('not served in this test')),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  window.localStorage.clear();
});
afterAll(() => server.close());

async function openServicePage(name: string, tab = '') {
  return openEntityPage(`/catalog/default/component/${name}${tab}`);
}

async function openEntityPage(path: string) {
  process.env = {
    ...process.env,
    NODE_ENV: 'test',
    APP_CONFIG: (await loadAppConfig()) as any,
  };
  window.history.pushState({}, '', path);
  const rendered = render(App.createRoot());
  await userEvent.click(
    await screen.findByRole('button', { name: 'Enter' }, { timeout: 20_000 }),
  );
  return rendered;
}

async function entityTabs(): Promise<string[]> {
  const nav = await screen.findByRole(
    'navigation',
    { name: 'Content navigation' },
    { timeout: 20_000 },
  );
  return within(nav)
    .getAllByRole('link')
    .map(link => link.textContent?.trim() ?? '');
}

describe('the service page', () => {
  it('shows every on-call tab for an annotated service, in order', async () => {
    await openServicePage('payments-gateway');
    expect(await entityTabs()).toEqual([
      'Overview',
      'CI/CD',
      'Kubernetes',
      'Monitoring',
      'On-call',
      'Docs',
      'API',
      'Dependencies',
    ]);
  });

  it('hides the tabs whose annotations a service lacks', async () => {
    await openServicePage('recommendations');
    const tabs = await entityTabs();
    expect(tabs).toContain('Overview');
    expect(tabs).toContain('Dependencies');
    for (const tab of [
      'CI/CD',
      'Kubernetes',
      'Monitoring',
      'On-call',
      'Docs',
    ]) {
      expect(tabs).not.toContain(tab);
    }
  });

  it.each([
    ['/ci-cd', 'Argo CD is not configured for this portal'],
    ['/on-call', 'PagerDuty is not configured for this portal'],
    ['/monitoring', 'Prometheus is not configured for this portal'],
    ['/dependencies', 'Depends on resources'],
    ['/apis', 'Provided APIs'],
    ['/kubernetes', 'Your Clusters'],
  ])('renders the %s tab with the local configuration', async (tab, text) => {
    await openServicePage('payments-gateway', tab);
    // Cards re-render as their data arrives, so wait for the text to stay.
    await waitFor(
      () =>
        expect(screen.getByText(text, { exact: false })).toBeInTheDocument(),
      { timeout: 20_000 },
    );
  });

  it('renders the Docs tab from the service page', async () => {
    await openServicePage('payments-gateway');
    const nav = await screen.findByRole(
      'navigation',
      { name: 'Content navigation' },
      { timeout: 20_000 },
    );
    await userEvent.click(within(nav).getByRole('link', { name: 'Docs' }));
    // TechDocs renders the built site into a shadow root.
    await waitFor(
      () =>
        expect(
          screen.getByTestId('techdocs-native-shadowroot').shadowRoot
            ?.textContent,
        ).toContain('Payments Gateway runbook'),
      { timeout: 20_000 },
    );
    expect(window.location.pathname).toBe(
      '/catalog/default/component/payments-gateway/docs',
    );
  });
});

describe("a tenant's page", () => {
  it('shows the Tenant tab after the overview, and the overview renders', async () => {
    await openEntityPage('/catalog/default/resource/acme-books');
    expect(await entityTabs()).toEqual([
      'Overview',
      'Tenant',
      'Kubernetes',
      'Dependencies',
    ]);
    // The type, in the page header and in the overview's About card.
    await waitFor(
      () => expect(screen.getAllByText('bookstore-tenant')).toHaveLength(2),
      { timeout: 20_000 },
    );
  });

  it('renders the Tenant tab, from the catalog and live', async () => {
    await openEntityPage('/catalog/default/resource/acme-books/tenant');
    await waitFor(
      () => expect(screen.getByText('acme-books-x7k2p')).toBeInTheDocument(),
      { timeout: 20_000 },
    );
    expect(screen.getByText('Creating')).toBeInTheDocument();
    expect(
      screen.getByText('Kubernetes cluster eu-west: timed out'),
    ).toBeInTheDocument();
  });
});

describe('the scorecards', () => {
  it("shows a service's scorecard on its Overview", async () => {
    await openServicePage('payments-gateway');
    await waitFor(
      () =>
        expect(
          screen.getByText('0 of 1 checks passed (0 %)'),
        ).toBeInTheDocument(),
      { timeout: 20_000 },
    );
    expect(
      screen.getByRole('link', { name: 'Write a runbook' }),
    ).toBeInTheDocument();
  });

  it('opens the Scorecards page from the sidebar', async () => {
    await openEntityPage('/');
    await userEvent.click(
      await screen.findByRole(
        'link',
        { name: 'Scorecards' },
        { timeout: 20_000 },
      ),
    );
    const services = await screen.findByRole(
      'table',
      { name: 'Services' },
      { timeout: 20_000 },
    );
    expect(within(services).getAllByRole('row')).toHaveLength(3);
    expect(window.location.pathname).toBe('/scorecards');
  });
});

describe('the Adoption page', () => {
  it('opens the Adoption page from the sidebar for an admin, and sends the visit to the adoption backend', async () => {
    const events: Array<{ action: string; subject: string }> = [];
    server.use(
      http.get(`${backend}/adoption/summary`, () =>
        HttpResponse.json({
          generatedAt: '2026-12-02T10:00:00.000Z',
          weeks: [
            {
              weekStart: '2026-11-30',
              weeklyActiveUsers: 1,
              averageDailyActiveUsers: 1,
              templateRuns: 1,
              templateRunsSucceeded: 1,
              templateRunsFailed: 0,
              newComponents: 1,
              newGoldenPathComponents: 1,
              firstSync: {
                runs: 1,
                synced: 1,
                waiting: 0,
                medianMinutes: 12,
                p90Minutes: 12,
              },
              techDocs: {
                measuredAt: '2026-12-02T09:00:00.000Z',
                components: 2,
                fresh: 1,
              },
            },
          ],
          days: [{ date: '2026-12-02', activeUsers: 1 }],
          catalog: {
            users: 2,
            components: 2,
            goldenPathComponents: 1,
            argoCdApplications: 1,
            claimedArgoCdApplications: 1,
          },
          firstSync: {
            runs: 1,
            synced: 1,
            waiting: 0,
            medianMinutes: 12,
            p90Minutes: 12,
          },
          techDocs: {
            measuredAt: '2026-12-02T09:00:00.000Z',
            components: 2,
            fresh: 1,
            freshWithinDays: 90,
          },
        }),
      ),
      http.post(`${backend}/adoption/events`, async ({ request }) => {
        const body = (await request.json()) as { events: typeof events };
        events.push(...body.events);
        return HttpResponse.json(
          { accepted: body.events.length },
          { status: 202 },
        );
      }),
    );
    await openEntityPage('/');
    await userEvent.click(
      await screen.findByRole(
        'link',
        { name: 'Adoption' },
        { timeout: 20_000 },
      ),
    );
    const targets = await screen.findByRole(
      'table',
      { name: 'Targets' },
      { timeout: 20_000 },
    );
    expect(within(targets).getAllByRole('row')).toHaveLength(8);
    expect(window.location.pathname).toBe('/adoption');

    // Leaving the page sends what the analytics queued.
    const hidden = jest
      .spyOn(document, 'visibilityState', 'get')
      .mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    await waitFor(() =>
      expect(events).toContainEqual(
        expect.objectContaining({ action: 'navigate', subject: '/adoption' }),
      ),
    );
    hidden.mockRestore();
  });
});
