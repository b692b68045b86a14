import { randomUUID } from 'node:crypto';
import { FakeRequest, FakeResponse, queryList, startJsonServer } from './http';

/**
 * A fake PagerDuty: the REST API v2 (`https://api.pagerduty.com`) as far as the PagerDuty
 * backend plugin (`@pagerduty/backstage-plugin-backend`) reads it for the On-call tab, and the
 * Events API v2 (`https://events.pagerduty.com/v2/enqueue`) the Trigger button posts to.
 *
 * REST (every call needs `Authorization: Token token=<apiToken>`, else 401; errors are
 * PagerDuty's `{error: {message, code}}`):
 * - `GET /services/:id` (`include[]=integrations|escalation_policies`) → `{service}`;
 * - `GET /services` (`query`, `team_ids[]`, `limit`, `offset`) → a page of services;
 * - `GET /oncalls` (`escalation_policy_ids[]`, `include[]=users`) → `{oncalls}` per level;
 * - `GET /incidents` (`service_ids[]`, `statuses[]`) → `{incidents}`;
 * - `GET /escalation_policies`, `GET /escalation_policies/:id`, `GET /users`, `GET /users/:id`.
 *
 * Events: `POST /v2/enqueue` with a trigger event opens an incident on the service whose
 * Events API v2 integration key is the routing key (202 `{status, message, dedup_key}`).
 * Test code only.
 */

const WEB = 'https://bookstore.pagerduty.com';

export interface PagerDutyUserSeed {
  id: string;
  name: string;
  email: string;
}

export interface PagerDutyServiceSeed {
  id: string;
  name: string;
  description: string;
  status: 'active' | 'warning' | 'critical' | 'maintenance' | 'disabled';
  escalationPolicy: {
    id: string;
    name: string;
    /** Who is on call now at each level, level 1 first. */
    levels: string[][];
  };
  /** The Events API v2 integration's routing key. */
  integrationKey: string;
}

export interface PagerDutyIncidentSeed {
  id: string;
  number: number;
  serviceId: string;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: 'high' | 'low';
  createdAt: string;
  /** User ids. */
  assignees: string[];
}

export interface FakePagerDutyData {
  users: PagerDutyUserSeed[];
  services: PagerDutyServiceSeed[];
  incidents: PagerDutyIncidentSeed[];
}

function apiError(status: number, code: number, message: string) {
  return { status, body: { error: { message, code } } };
}

/** Starts the fake PagerDuty; `apiToken` is the REST API token it accepts. */
export async function startFakePagerDuty(options: {
  apiToken: string;
  data: FakePagerDutyData;
}) {
  const { data } = options;
  // Filled once the server listens: links point back at it, so nothing leaves the machine.
  let selfUrl = '';
  const incidents = [...data.incidents];

  const userRef = (id: string) => {
    const user = data.users.find(u => u.id === id)!;
    return {
      id,
      type: 'user_reference',
      summary: user.name,
      self: `${selfUrl}/users/${id}`,
      html_url: `${WEB}/users/${id}`,
    };
  };
  const user = (id: string) => {
    const seed = data.users.find(u => u.id === id)!;
    return {
      ...userRef(id),
      type: 'user',
      name: seed.name,
      email: seed.email,
      time_zone: 'Europe/Berlin',
      color: 'purple',
      role: 'user',
      avatar_url: `${selfUrl}/avatars/${id}.svg`,
      description: null,
      invitation_sent: false,
      job_title: 'Engineer',
      teams: [],
      contact_methods: [
        {
          id: `PC${id.slice(1)}`,
          type: 'email_contact_method_reference',
          summary: 'Default',
          self: `${selfUrl}/users/${id}/contact_methods/PC${id.slice(1)}`,
          html_url: null,
        },
      ],
      notification_rules: [],
    };
  };
  const policyRef = (service: PagerDutyServiceSeed) => ({
    id: service.escalationPolicy.id,
    type: 'escalation_policy_reference',
    summary: service.escalationPolicy.name,
    self: `${selfUrl}/escalation_policies/${service.escalationPolicy.id}`,
    html_url: `${WEB}/escalation_policies/${service.escalationPolicy.id}`,
  });
  const policy = (service: PagerDutyServiceSeed) => ({
    ...policyRef(service),
    type: 'escalation_policy',
    name: service.escalationPolicy.name,
    description: `On-call for ${service.name}`,
    num_loops: 2,
    on_call_handoff_notifications: 'if_has_services',
    escalation_rules: service.escalationPolicy.levels.map((ids, i) => ({
      id: `PER${i + 1}${service.id.slice(-3)}`,
      escalation_delay_in_minutes: 15,
      targets: ids.map(userRef),
    })),
    services: [serviceRef(service)],
    teams: [],
  });
  const serviceRef = (service: PagerDutyServiceSeed) => ({
    id: service.id,
    type: 'service_reference',
    summary: service.name,
    self: `${selfUrl}/services/${service.id}`,
    html_url: `${WEB}/service-directory/${service.id}`,
  });
  const integrationId = (service: PagerDutyServiceSeed) =>
    `PI${service.id.slice(2)}`;
  const service = (seed: PagerDutyServiceSeed, include: string[]) => ({
    ...serviceRef(seed),
    type: 'service',
    name: seed.name,
    description: seed.description,
    auto_resolve_timeout: 14400,
    acknowledgement_timeout: 1800,
    created_at: '2025-03-11T09:12:44Z',
    status: seed.status,
    last_incident_timestamp:
      incidents
        .filter(i => i.serviceId === seed.id)
        .map(i => i.createdAt)
        .sort()
        .pop() ?? null,
    alert_creation: 'create_alerts_and_incidents',
    incident_urgency_rule: { type: 'constant', urgency: 'high' },
    teams: [],
    escalation_policy: include.includes('escalation_policies')
      ? policy(seed)
      : policyRef(seed),
    integrations: [
      include.includes('integrations')
        ? {
            id: integrationId(seed),
            type: 'events_api_v2_inbound_integration',
            summary: 'Events API v2',
            self: `${selfUrl}/services/${seed.id}/integrations/${integrationId(
              seed,
            )}`,
            html_url: `${WEB}/services/${seed.id}/integrations/${integrationId(
              seed,
            )}`,
            name: 'Events API v2',
            service: serviceRef(seed),
            created_at: '2025-03-11T09:12:44Z',
            vendor: null,
            integration_key: seed.integrationKey,
          }
        : {
            id: integrationId(seed),
            type: 'events_api_v2_inbound_integration_reference',
            summary: 'Events API v2',
            self: `${selfUrl}/services/${seed.id}/integrations/${integrationId(
              seed,
            )}`,
            html_url: `${WEB}/services/${seed.id}/integrations/${integrationId(
              seed,
            )}`,
          },
    ],
  });
  const incident = (seed: PagerDutyIncidentSeed) => {
    const svc = data.services.find(s => s.id === seed.serviceId)!;
    return {
      id: seed.id,
      type: 'incident',
      summary: `[#${seed.number}] ${seed.title}`,
      self: `${selfUrl}/incidents/${seed.id}`,
      html_url: `${WEB}/incidents/${seed.id}`,
      incident_number: seed.number,
      title: seed.title,
      description: seed.title,
      created_at: seed.createdAt,
      updated_at: seed.createdAt,
      status: seed.status,
      incident_key: randomUUID().replace(/-/g, ''),
      service: serviceRef(svc),
      assignments:
        seed.status === 'resolved'
          ? []
          : seed.assignees.map(id => ({
              at: seed.createdAt,
              assignee: userRef(id),
            })),
      acknowledgements:
        seed.status === 'acknowledged'
          ? [{ at: seed.createdAt, acknowledger: userRef(seed.assignees[0]) }]
          : [],
      assigned_via: 'escalation_policy',
      last_status_change_at: seed.createdAt,
      resolved_at: null,
      first_trigger_log_entry: {
        id: `R${seed.id.slice(1)}`,
        type: 'trigger_log_entry_reference',
        summary: 'Triggered through the API.',
        self: `${selfUrl}/log_entries/R${seed.id.slice(1)}`,
        html_url: `${WEB}/incidents/${seed.id}/log_entries/R${seed.id.slice(
          1,
        )}`,
      },
      alert_counts: {
        all: 1,
        triggered: seed.status === 'resolved' ? 0 : 1,
        resolved: seed.status === 'resolved' ? 1 : 0,
      },
      is_mergeable: true,
      escalation_policy: policyRef(svc),
      teams: [],
      pending_actions: [],
      urgency: seed.urgency,
      priority: null,
      incidents_responders: [],
      responder_requests: [],
      subscriber_requests: [],
      alert_grouping: null,
    };
  };
  const page = <T>(key: string, items: T[], query: FakeRequest['query']) => {
    const limit = Number(query.limit ?? 25);
    const offset = Number(query.offset ?? 0);
    return {
      status: 200,
      body: {
        [key]: items.slice(offset, offset + limit),
        limit,
        offset,
        more: offset + limit < items.length,
        total: query.total === 'true' ? items.length : null,
      },
    };
  };
  const notFound = () => apiError(404, 2100, 'Not Found');

  const handleEvents = (request: FakeRequest): FakeResponse => {
    const event = (request.body ?? {}) as {
      routing_key?: string;
      event_action?: string;
      dedup_key?: string;
      payload?: { summary?: string; severity?: string; source?: string };
    };
    const errors: string[] = [];
    if (!event.routing_key) errors.push("'routing_key' is missing.");
    if (
      !['trigger', 'acknowledge', 'resolve'].includes(event.event_action ?? '')
    )
      errors.push(
        "'event_action' is invalid (must be one of: trigger, acknowledge, resolve).",
      );
    if (event.event_action === 'trigger') {
      if (!event.payload?.summary)
        errors.push("'payload.summary' is missing or blank.");
      if (!event.payload?.source)
        errors.push("'payload.source' is missing or blank.");
      if (
        !['critical', 'error', 'warning', 'info'].includes(
          event.payload?.severity ?? '',
        )
      )
        errors.push(
          "'payload.severity' is invalid (must be one of: critical, error, warning, info).",
        );
    }
    if (errors.length > 0) {
      return {
        status: 400,
        body: {
          status: 'invalid event',
          message: 'Event object is invalid',
          errors,
        },
      };
    }
    const svc = data.services.find(s => s.integrationKey === event.routing_key);
    if (!svc) {
      return {
        status: 400,
        body: {
          status: 'invalid event',
          message: 'Event object is invalid',
          errors: ['Invalid routing key'],
        },
      };
    }
    const dedupKey = event.dedup_key ?? randomUUID().replace(/-/g, '');
    if (event.event_action === 'trigger') {
      incidents.push({
        id: `Q${randomUUID().replace(/-/g, '').slice(0, 13).toUpperCase()}`,
        number: 2000 + incidents.length,
        serviceId: svc.id,
        title: event.payload!.summary!,
        status: 'triggered',
        urgency: ['critical', 'error'].includes(event.payload!.severity!)
          ? 'high'
          : 'low',
        createdAt: new Date().toISOString(),
        assignees: svc.escalationPolicy.levels[0] ?? [],
      });
    }
    return {
      status: 202,
      body: {
        status: 'success',
        message: 'Event processed',
        dedup_key: dedupKey,
      },
    };
  };

  const handle = (request: FakeRequest): FakeResponse | undefined => {
    const { method, path, query } = request;
    if (method === 'POST' && path === '/v2/enqueue') {
      return handleEvents(request);
    }
    const avatar = path.match(/^\/avatars\/([A-Z0-9]+)\.svg$/);
    if (avatar) {
      const seed = data.users.find(u => u.id === avatar[1]);
      const initials = (seed?.name ?? '?')
        .split(' ')
        .map(part => part[0])
        .join('');
      return {
        status: 200,
        headers: { 'Content-Type': 'image/svg+xml' },
        body: `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#6b4fbb"/><text x="32" y="40" font-size="24" text-anchor="middle" fill="#fff" font-family="sans-serif">${initials}</text></svg>`,
      };
    }
    if (request.headers.authorization !== `Token token=${options.apiToken}`) {
      return apiError(401, 2006, 'Authentication failed');
    }
    if (method !== 'GET') {
      return apiError(405, 2001, 'Invalid Input Provided');
    }
    const include = queryList(query, 'include');

    let match = path.match(/^\/services\/([^/]+)$/);
    if (match) {
      const seed = data.services.find(s => s.id === match![1]);
      return seed
        ? { status: 200, body: { service: service(seed, include) } }
        : notFound();
    }
    if (path === '/services') {
      const text = String(query.query ?? '').toLowerCase();
      return page(
        'services',
        data.services
          .filter(s => !text || s.name.toLowerCase().includes(text))
          .map(s => service(s, include)),
        query,
      );
    }
    if (path === '/oncalls') {
      const policyIds = queryList(query, 'escalation_policy_ids');
      const oncalls = data.services
        .filter(
          s =>
            policyIds.length === 0 || policyIds.includes(s.escalationPolicy.id),
        )
        .flatMap(s =>
          s.escalationPolicy.levels.flatMap((ids, level) =>
            ids.map(id => ({
              escalation_policy: policyRef(s),
              escalation_level: level + 1,
              schedule: {
                id: `PS${s.id.slice(2)}${level + 1}`,
                type: 'schedule_reference',
                summary: `${s.name} level ${level + 1}`,
                self: `${selfUrl}/schedules/PS${s.id.slice(2)}${level + 1}`,
                html_url: `${WEB}/schedules/PS${s.id.slice(2)}${level + 1}`,
              },
              user: include.includes('users') ? user(id) : userRef(id),
              start: new Date(Date.now() - 3 * 3600_000).toISOString(),
              end: new Date(Date.now() + 4 * 24 * 3600_000).toISOString(),
            })),
          ),
        );
      return page('oncalls', oncalls, query);
    }
    if (path === '/incidents') {
      const serviceIds = queryList(query, 'service_ids');
      const statuses = queryList(query, 'statuses');
      const matching = incidents
        .filter(
          i => serviceIds.length === 0 || serviceIds.includes(i.serviceId),
        )
        .filter(i => statuses.length === 0 || statuses.includes(i.status))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .map(incident);
      return page('incidents', matching, query);
    }
    if (path === '/escalation_policies') {
      return page('escalation_policies', data.services.map(policy), query);
    }
    match = path.match(/^\/escalation_policies\/([^/]+)$/);
    if (match) {
      const seed = data.services.find(s => s.escalationPolicy.id === match![1]);
      return seed
        ? { status: 200, body: { escalation_policy: policy(seed) } }
        : notFound();
    }
    if (path === '/users') {
      return page(
        'users',
        data.users.map(u => user(u.id)),
        query,
      );
    }
    match = path.match(/^\/users\/([^/]+)$/);
    if (match) {
      return data.users.some(u => u.id === match![1])
        ? { status: 200, body: { user: user(match[1]) } }
        : notFound();
    }
    return undefined;
  };

  const fake = await startJsonServer({
    handle,
    notFound: () => ({ error: { message: 'Not Found', code: 2100 } }),
  });
  selfUrl = fake.url;
  return { ...fake, incidents };
}
