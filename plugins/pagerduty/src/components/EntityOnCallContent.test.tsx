import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  BACKEND_URL,
  EVENTS_URL,
  incident,
  onCallUser,
  service,
} from '../__testUtils__/fixtures';
import { pagerDutyApiRef } from '../api/PagerDutyApi';
import { PagerDutyClient } from '../api/PagerDutyClient';
import { EntityOnCallContent } from './EntityOnCallContent';

// Typing into the dialog takes seconds on a loaded CI machine (2 cores, the suite in parallel).
jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

type AppConfig = { pagerDuty?: { apiBaseUrl?: string } };

const configured: AppConfig = {
  pagerDuty: { apiBaseUrl: 'https://api.pagerduty.com' },
};

/** The test app's config; the app's config API cannot be swapped by `apis`. */
function appConfig(config: AppConfig) {
  return {
    app: { baseUrl: 'http://localhost:3000' },
    backend: { baseUrl: 'http://localhost:7007' },
    ...config,
  };
}

function entity(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout',
      annotations: { 'pagerduty.com/service-id': 'PSVC1', ...annotations },
    },
  };
}

function backend(options: {
  incidents?: unknown[];
  serviceStatus?: number;
  service?: typeof service;
}) {
  server.use(
    http.get(`${BACKEND_URL}/services/PSVC1`, () =>
      options.serviceStatus
        ? HttpResponse.json(
            {
              errors: [
                'Failed to get service. PagerDuty API returned a server error.',
              ],
            },
            { status: options.serviceStatus },
          )
        : HttpResponse.json({ service: options.service ?? service }),
    ),
    http.get(`${BACKEND_URL}/services/PSVC1/incidents`, () =>
      HttpResponse.json({ incidents: options.incidents ?? [] }),
    ),
    http.get(`${BACKEND_URL}/oncall-users`, ({ request }) =>
      new URL(request.url).searchParams.get('escalation_policy_ids[]') ===
      'PEP1'
        ? HttpResponse.json({ users: [onCallUser] })
        : HttpResponse.json({ errors: ['unknown policy'] }, { status: 400 }),
    ),
  );
}

function renderTab(options: { config?: AppConfig; entity?: Entity } = {}) {
  const client = new PagerDutyClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: mockApis.fetch(),
  });
  return renderInTestApp(
    <EntityProvider entity={options.entity ?? entity()}>
      <EntityOnCallContent />
    </EntityProvider>,
    {
      config: appConfig(options.config ?? configured),
      apis: [
        mockApis.identity({
          userEntityRef: 'user:default/jane',
          displayName: 'Jane Doe',
          email: 'jane@example.com',
        }),
        [pagerDutyApiRef, client],
      ],
    },
  );
}

/** Core-components' Link names external links so. */
function externalLink(name: string) {
  return screen.getByRole('link', { name: `${name}, Opens in a new window` });
}

async function openTriggerDialog() {
  const trigger = () =>
    screen.getByRole('button', { name: 'Trigger incident' });
  await waitFor(() => expect(trigger()).toBeEnabled());
  await userEvent.click(trigger());
  return screen.findByRole('dialog', { name: 'Trigger an incident' });
}

describe('EntityOnCallContent', () => {
  it('shows the service, who is on call and the open incidents', async () => {
    const fiveMinutesAgo = new Date(Date.now() - 5 * 60_000).toISOString();
    backend({ incidents: [incident(fiveMinutesAgo)] });
    renderTab();

    expect(await screen.findByText('Checkout API')).toBeInTheDocument();
    expect(screen.getByText('critical')).toBeInTheDocument();
    expect(externalLink('Checkout on-call')).toHaveAttribute(
      'href',
      'https://acme.pagerduty.com/escalation_policies/PEP1',
    );
    expect(externalLink('Open service in PagerDuty')).toHaveAttribute(
      'href',
      'https://acme.pagerduty.com/service-directory/PSVC1',
    );

    await screen.findByText('Ada Lovelace');
    expect(externalLink('Ada Lovelace')).toHaveAttribute(
      'href',
      'https://acme.pagerduty.com/users/PUSR1',
    );
    expect(externalLink('ada@example.com')).toHaveAttribute(
      'href',
      'mailto:ada@example.com',
    );

    await screen.findByText('Payments are failing');
    expect(externalLink('Payments are failing')).toHaveAttribute(
      'href',
      'https://acme.pagerduty.com/incidents/PINC1',
    );
    expect(screen.getByText('triggered')).toBeInTheDocument();
    expect(
      screen.getByText(
        'high urgency · assigned to Ada Lovelace · created 5 minutes ago',
      ),
    ).toBeInTheDocument();
  });

  it('says so when there are no open incidents', async () => {
    backend({ incidents: [] });
    renderTab();

    expect(await screen.findByText('No open incidents')).toBeInTheDocument();
    expect(screen.queryByText('Payments are failing')).not.toBeInTheDocument();
  });

  it('explains the missing configuration and makes no request', async () => {
    const requests: string[] = [];
    server.events.on('request:start', ({ request }) => {
      requests.push(request.url);
    });
    renderTab({ config: {} });

    expect(
      await screen.findByText('PagerDuty is not configured for this portal'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Set pagerDuty\.apiBaseUrl .*PAGERDUTY_API_TOKEN/),
    ).toBeInTheDocument();
    expect(requests).toEqual([]);
    server.events.removeAllListeners();
  });

  it('keeps the incidents when the service fails to load', async () => {
    backend({ serviceStatus: 500, incidents: [] });
    renderTab();

    expect(
      await screen.findByText(
        'Error: Failed to get service. PagerDuty API returned a server error. (HTTP 500)',
      ),
    ).toBeInTheDocument();
    expect(await screen.findByText('No open incidents')).toBeInTheDocument();
    expect(
      screen.getByText(/the\s+service could not be loaded/),
    ).toBeInTheDocument();
  });

  it('triggers an incident with the service integration key', async () => {
    let event: unknown;
    backend({});
    server.use(
      http.post(EVENTS_URL, async ({ request }) => {
        event = await request.json();
        return HttpResponse.json(
          {
            status: 'success',
            message: 'Event processed',
            dedup_key: 'dedup-123',
          },
          { status: 202 },
        );
      }),
    );
    renderTab();

    const dialog = await openTriggerDialog();
    expect(
      await within(dialog).findByText(
        'Pages whoever is on call for checkout. Triggered by Jane Doe <jane@example.com>.',
      ),
    ).toBeInTheDocument();
    const submit = within(dialog).getByRole('button', { name: 'Trigger' });
    expect(submit).toBeDisabled();

    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Description/ }),
      'Checkout returns 502',
    );
    await userEvent.selectOptions(
      within(dialog).getByRole('combobox', { name: 'Severity' }),
      'warning',
    );
    await userEvent.click(submit);

    expect(
      await within(dialog).findByText(
        'Incident triggered. Dedup key: dedup-123',
      ),
    ).toBeInTheDocument();
    expect(event).toEqual({
      routing_key: 'events-v2-integration-key',
      event_action: 'trigger',
      payload: {
        summary: 'Checkout returns 502',
        source: 'component:default/checkout',
        severity: 'warning',
        custom_details: {
          triggered_by: 'Jane Doe <jane@example.com>',
          triggered_by_user: 'user:default/jane',
        },
      },
      client: 'Backstage',
      client_url: window.location.href,
    });
  });

  it('uses the annotated integration key and shows why PagerDuty refused', async () => {
    let routingKey: unknown;
    backend({});
    server.use(
      http.post(EVENTS_URL, async ({ request }) => {
        routingKey = ((await request.json()) as { routing_key: string })
          .routing_key;
        return HttpResponse.json(
          {
            status: 'invalid event',
            message: 'Event object is invalid',
            errors: ["'payload.summary' is too long"],
          },
          { status: 400 },
        );
      }),
    );
    renderTab({
      entity: entity({ 'pagerduty.com/integration-key': 'annotated-key' }),
    });

    const dialog = await openTriggerDialog();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Description/ }),
      'Checkout is down',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Trigger' }),
    );

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      "Could not trigger the incident: Event object is invalid: 'payload.summary' is too long (HTTP 400)",
    );
    expect(routingKey).toBe('annotated-key');
  });

  it('disables the trigger button and says why without a routing key', async () => {
    backend({ service: { ...service, integrations: [] } });
    renderTab();

    await screen.findByText('Checkout API');
    const button = screen.getByRole('button', { name: 'Trigger incident' });
    expect(button).toBeDisabled();
    await userEvent.hover(button.parentElement!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'This entity has no pagerduty.com/integration-key annotation and the PagerDuty service "Checkout API" has no Events API v2 integration.',
    );
  });
});
