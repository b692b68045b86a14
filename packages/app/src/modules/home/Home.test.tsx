import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { createApp } from '@backstage/frontend-defaults';
import { features } from '../../features';
import {
  backstageToken,
  exampleComponent,
  loadAppConfig,
} from '../../__testUtils__/portalApp';

jest.setTimeout(60_000);

/** alice of team-payments, as the guest provider's refresh answers for her. */
const alice = {
  userEntityRef: 'user:default/alice',
  ownershipEntityRefs: ['user:default/alice', 'group:default/team-payments'],
};
const owned = ['payments-gateway', 'orders'].map(exampleComponent);

const backend = 'http://localhost:7007/api';
const requests: string[] = [];
const server = setupServer(
  http.get(`${backend}/auth/guest/refresh`, () =>
    HttpResponse.json({
      profile: { displayName: 'Alice Anders' },
      backstageIdentity: {
        token: backstageToken(alice.userEntityRef, alice.ownershipEntityRefs),
        identity: { type: 'user', ...alice },
      },
    }),
  ),
  // The catalog answers the ownership filter with team-payments' services only.
  http.get(`${backend}/catalog/entities`, ({ request }) => {
    const filter = new URL(request.url).searchParams.getAll('filter');
    requests.push(`catalog ${filter.join('&')}`);
    const mine = filter.some(
      f =>
        f.includes('kind=Component') &&
        f.includes('relations.ownedBy=group:default/team-payments'),
    );
    return HttpResponse.json(mine ? owned : []);
  }),
  http.post(`${backend}/catalog/entities/by-refs`, () =>
    HttpResponse.json({ items: [] }),
  ),
  http.post(`${backend}/permission/authorize`, async ({ request }) => {
    const { items } = (await request.json()) as { items: { id: string }[] };
    return HttpResponse.json({
      items: items.map(({ id }) => ({ id, result: 'ALLOW' })),
    });
  }),
  // The Argo CD backend plugin: payments-gateway's application on the one instance.
  http.get(`${backend}/argocd/find/name/:app`, ({ params }) =>
    HttpResponse.json(
      params.app === 'bookstore-payments-gateway-us-east'
        ? [
            {
              name: 'argocd',
              url: 'https://argocd.test',
              appName: [params.app],
            },
          ]
        : [],
    ),
  ),
  http.get(
    `${backend}/argocd/argoInstance/argocd/applications/name/:app`,
    ({ params }) =>
      HttpResponse.json({
        metadata: { name: params.app, namespace: 'argocd' },
        status: {
          sync: { status: 'OutOfSync' },
          health: { status: 'Degraded' },
          history: [],
        },
      }),
  ),
  // The PagerDuty backend plugin: payments-gateway's service, two open incidents, Ada on call.
  http.get(`${backend}/pagerduty/services/P1PAYGW`, () =>
    HttpResponse.json({
      service: {
        id: 'P1PAYGW',
        name: 'payments-gateway',
        description: '',
        status: 'critical',
        html_url: 'https://pd.test/services/P1PAYGW',
        escalation_policy: {
          id: 'PEPAY',
          name: 'Payments',
          html_url: 'https://pd.test/escalation_policies/PEPAY',
        },
        integrations: [],
      },
    }),
  ),
  http.get(`${backend}/pagerduty/services/P1PAYGW/incidents`, () =>
    HttpResponse.json({
      incidents: ['PINC1', 'PINC2'].map(id => ({
        id,
        title: `Checkout failing (${id})`,
        status: 'triggered',
        urgency: 'high',
        html_url: `https://pd.test/incidents/${id}`,
        created_at: '2026-12-02T06:00:00Z',
        assignments: [],
      })),
    }),
  ),
  http.get(`${backend}/pagerduty/oncall-users`, ({ request }) =>
    new URL(request.url).searchParams.get('escalation_policy_ids[]') === 'PEPAY'
      ? HttpResponse.json({
          users: [
            {
              id: 'PADA',
              name: 'Ada Lovelace',
              summary: 'Ada Lovelace',
              email: 'ada@bookstore.example',
              html_url: 'https://pd.test/users/PADA',
            },
          ],
        })
      : HttpResponse.json({ errors: ['unknown policy'] }, { status: 400 }),
  ),
  // The scaffolder: alice's last run of the golden path.
  http.get(`${backend}/scaffolder/v2/tasks`, ({ request }) => {
    requests.push(`tasks ${new URL(request.url).search}`);
    return HttpResponse.json({
      tasks: [
        {
          id: 'task-1',
          status: 'completed',
          createdAt: '2026-12-01T10:00:00Z',
          spec: {
            templateInfo: {
              entityRef: 'template:default/new-bookstore-service',
              entity: { metadata: { title: 'New bookstore service' } },
            },
          },
        },
      ],
      totalTasks: 1,
    });
  }),
  http.all(`${backend}/*`, () =>
    HttpResponse.json(
      { error: { name: 'NotFoundError', message: 'not served' } },
      { status: 404 },
    ),
  ),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  requests.length = 0;
  window.localStorage.clear();
});
afterAll(() => server.close());

const production = {
  argocd: {
    appLocatorMethods: [
      {
        type: 'config',
        instances: [{ name: 'argocd', url: 'https://argocd.test' }],
      },
    ],
  },
  pagerDuty: { apiBaseUrl: 'https://api.pagerduty.test' },
};

async function openHome(overrides: object[] = []) {
  process.env = {
    ...process.env,
    NODE_ENV: 'test',
    APP_CONFIG: (await loadAppConfig(...(overrides as any[]))) as any,
  };
  window.history.pushState({}, '', '/');
  // A new app each time: an app reads its configuration once.
  render(createApp({ features }).createRoot());
  await userEvent.click(
    await screen.findByRole('button', { name: 'Enter' }, { timeout: 20_000 }),
  );
}

/** A widget's card, by its title. */
const widget = async (title: string) => {
  const heading = await screen.findByText(title, {}, { timeout: 20_000 });
  return heading.closest('[class*="MuiCard-root"]') as HTMLElement;
};

const waitForText = (container: HTMLElement, text: string | RegExp) =>
  waitFor(() => expect(within(container).getByText(text)).toBeInTheDocument(), {
    timeout: 20_000,
  });

describe('Home, the landing page', () => {
  it("shows my team's services with Argo CD health and open incidents, and who is on call", async () => {
    await openHome([production]);

    const services = await widget("My team's services");
    const table = await within(services).findByRole(
      'table',
      { name: "My team's services" },
      { timeout: 20_000 },
    );
    await waitForText(table, 'Degraded, OutOfSync');
    await waitForText(table, '2 open');
    const rows = within(table).getAllByRole('row');
    expect(rows.map(row => row.textContent)).toEqual([
      'ServiceArgo CDIncidents',
      'Payments GatewayDegraded, OutOfSync2 open',
      // orders is not in this Argo CD, and its PagerDuty service is not found: said per cell.
      'Ordersnot in Argo CDunavailable (Request failed with 404 Not Found)',
    ]);
    expect(
      within(table).getByRole('link', { name: 'Payments Gateway' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-gateway');
    expect(requests).toContainEqual(
      expect.stringContaining('relations.ownedBy=group:default/team-payments'),
    );

    const onCall = await widget('On call now');
    await waitForText(onCall, 'Ada Lovelace');
    expect(
      within(onCall).getByRole('link', { name: 'Payments Gateway' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-gateway/on-call',
    );
  });

  it('shows my recent templates, starred entities, search and the call to create a service', async () => {
    await openHome([production]);

    const tasks = await widget('My recent templates');
    await waitForText(tasks, 'New bookstore service');
    expect(
      within(tasks).getByRole('link', { name: 'New bookstore service' }),
    ).toHaveAttribute('href', '/create/tasks/task-1');
    expect(requests).toContainEqual(expect.stringContaining('limit=5'));

    await widget('Your Starred Entities');
    expect(
      screen.getByPlaceholderText('Search services, APIs, docs'),
    ).toBeInTheDocument();
    const create = await within(await widget('New service')).findByText(
      'Create a service',
    );
    expect(create.closest('a')).toHaveAttribute(
      'href',
      '/create/templates/default/new-bookstore-service',
    );
    // Widgets that fetch from the internet or record visits are not on Home.
    expect(screen.queryByText('Random Joke')).not.toBeInTheDocument();
  });

  it('says Argo CD and PagerDuty are not configured with the local configuration', async () => {
    await openHome();

    const services = await widget("My team's services");
    await waitForText(services, 'Argo CD is not configured for this portal.');
    await waitForText(services, 'PagerDuty is not configured for this portal.');
    const table = within(services).getByRole('table');
    expect(within(table).getAllByRole('row')[1].textContent).toBe(
      'Payments Gateway——',
    );

    const onCall = await widget('On call now');
    await waitForText(onCall, 'PagerDuty is not configured for this portal.');
  });
});
