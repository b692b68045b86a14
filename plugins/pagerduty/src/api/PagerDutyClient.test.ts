import { ResponseError } from '@backstage/errors';
import { mockApis } from '@backstage/frontend-test-utils';
import { registerMswTestHooks } from '@backstage/test-utils';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  BACKEND_URL,
  EVENTS_URL,
  incident,
  onCallUser,
  service,
} from '../__testUtils__/fixtures';
import { PagerDutyClient } from './PagerDutyClient';

const server = setupServer();
registerMswTestHooks(server);

function client(timeoutMs?: number) {
  return new PagerDutyClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: mockApis.fetch(),
    timeoutMs,
  });
}

describe('PagerDutyClient', () => {
  it('reads a service from the backend', async () => {
    server.use(
      http.get(`${BACKEND_URL}/services/:serviceId`, ({ params }) =>
        HttpResponse.json({ service: { ...service, id: params.serviceId } }),
      ),
    );
    const result = await client().getService('PSVC1');
    expect(result.id).toBe('PSVC1');
    expect(result.escalation_policy.id).toBe('PEP1');
    expect(result.integrations?.[1].integration_key).toBe(
      'events-v2-integration-key',
    );
  });

  it('reads the open incidents of a service', async () => {
    let path = '';
    server.use(
      http.get(
        `${BACKEND_URL}/services/:serviceId/incidents`,
        ({ request }) => {
          path = new URL(request.url).pathname;
          return HttpResponse.json({
            incidents: [incident('2024-05-01T12:00:00Z')],
          });
        },
      ),
    );
    const incidents = await client().getOpenIncidents('PSVC/1');
    expect(path).toBe('/api/pagerduty/services/PSVC%2F1/incidents');
    expect(incidents.map(i => i.title)).toEqual(['Payments are failing']);
  });

  it('reads who is on call for an escalation policy', async () => {
    let search = '';
    server.use(
      http.get(`${BACKEND_URL}/oncall-users`, ({ request }) => {
        search = new URL(request.url).search;
        return HttpResponse.json({ users: [onCallUser] });
      }),
    );
    const users = await client().getOnCallUsers('PEP1');
    expect(search).toBe('?escalation_policy_ids[]=PEP1');
    expect(users.map(u => u.email)).toEqual(['ada@example.com']);
  });

  it.each([404, 500])(
    'turns a %i with an errors body into a ResponseError',
    async status => {
      server.use(
        http.get(`${BACKEND_URL}/services/:serviceId`, () =>
          HttpResponse.json(
            { errors: ['Failed to get service. Service not found.'] },
            { status },
          ),
        ),
      );
      const error = await client()
        .getService('PNOPE')
        .catch((e: unknown) => e);
      expect(ResponseError.is(error)).toBe(true);
      expect((error as ResponseError).statusCode).toBe(status);
      expect((error as ResponseError).cause.message).toBe(
        'Failed to get service. Service not found.',
      );
    },
  );

  it('gives up with a clear error when the backend never answers', async () => {
    server.use(
      http.get(`${BACKEND_URL}/services/:serviceId`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    await expect(client(50).getService('PSVC1')).rejects.toThrow(
      'The PagerDuty backend did not answer within 0.05 s; check that it has an API token (pagerDuty.apiToken, PAGERDUTY_API_TOKEN).',
    );
  });

  it('triggers an incident through the proxy with an Events API v2 body', async () => {
    let body: unknown;
    let contentType: string | null = null;
    server.use(
      http.post(EVENTS_URL, async ({ request }) => {
        body = await request.json();
        contentType = request.headers.get('content-type');
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
    const result = await client().triggerIncident({
      routingKey: 'events-v2-integration-key',
      summary: 'Checkout is down',
      source: 'component:default/checkout',
      severity: 'critical',
      customDetails: { triggered_by: 'Jane Doe <jane@example.com>' },
      clientUrl: 'http://localhost:3000/catalog/default/component/checkout',
    });
    expect(result).toEqual({
      dedupKey: 'dedup-123',
      message: 'Event processed',
    });
    expect(contentType).toBe('application/json');
    expect(body).toEqual({
      routing_key: 'events-v2-integration-key',
      event_action: 'trigger',
      payload: {
        summary: 'Checkout is down',
        source: 'component:default/checkout',
        severity: 'critical',
        custom_details: { triggered_by: 'Jane Doe <jane@example.com>' },
      },
      client: 'Backstage',
      client_url: 'http://localhost:3000/catalog/default/component/checkout',
    });
  });

  it('surfaces the message of an invalid event', async () => {
    server.use(
      http.post(EVENTS_URL, () =>
        HttpResponse.json(
          {
            status: 'invalid event',
            message: 'Event object is invalid',
            errors: [
              "Length of 'routing_key' is incorrect (should be 32 characters)",
            ],
          },
          { status: 400 },
        ),
      ),
    );
    const error = await client()
      .triggerIncident({
        routingKey: 'short',
        summary: 'Checkout is down',
        source: 'component:default/checkout',
        severity: 'error',
        clientUrl: 'http://localhost:3000/',
      })
      .catch((e: unknown) => e);
    expect((error as ResponseError).statusCode).toBe(400);
    expect((error as ResponseError).cause.message).toBe(
      "Event object is invalid: Length of 'routing_key' is incorrect (should be 32 characters)",
    );
  });
});
