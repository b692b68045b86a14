import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AdoptionSummary,
  MAX_EVENTS_PER_BATCH,
} from '@internal/plugin-adoption-common';
import { Server } from 'node:http';
import request from 'supertest';
import { fakeScaffolder } from './__testUtils__/fakeScaffolder';
import { fakeTechDocs } from './__testUtils__/fakeTechDocs';
import { fakeTechInsights } from './__testUtils__/fakeTechInsights';
import adoptionPlugin from './index';

/**
 * What `mockServices.scheduler()` returns (a `MockSchedulerService`, typed as the plain
 * service): its factory puts this instance in the backend, so the test triggers the runs.
 */
interface MockScheduler extends SchedulerService {
  factory(options: {
    skipTaskRunOnStartup: boolean;
  }): ServiceFactory<SchedulerService, 'plugin'>;
  triggerTask(id: string): Promise<void>;
}

const ADMIN = 'user:default/admin';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

const component = (
  name: string,
  goldenPath: boolean,
  more: { argoCd?: boolean; techDocs?: boolean } = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      ...(goldenPath ? { 'platform.bookstore.io/tenant': name } : {}),
      ...(more.argoCd ? { 'argocd/app-name': `bookstore-${name}-eu` } : {}),
      ...(more.techDocs ? { 'backstage.io/techdocs-ref': 'dir:.' } : {}),
    },
  },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
});

const application = (name: string, claimed: boolean): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    labels: { 'argocd.bookstore.io/claimed': String(claimed) },
  },
  spec: { type: 'argocd-application', owner: 'platform-team' },
});

const user = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: {},
});

const baseCatalog = [
  user('admin'),
  user('alice'),
  user('bob'),
  user('carol'),
  component('payments-gateway', false, { techDocs: true }),
  component('orders', true, { argoCd: true, techDocs: true }),
  application('bookstore-orders-eu', true),
  application('bookstore-payments-eu', true),
  application('legacy', false),
];

function event(action: string, timestamp = new Date().toISOString()) {
  return {
    action,
    subject: '/catalog',
    context: { pluginId: 'catalog', extensionId: 'page:catalog' },
    timestamp,
  };
}

describe('adoption backend', () => {
  let server: Server;
  let catalog = catalogServiceMock({ entities: baseCatalog });
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const scaffolder = fakeScaffolder([
    {
      id: 't1',
      status: 'completed',
      createdAt: iso(now),
      completedAt: iso(now + MINUTE_MS),
      // The golden path's output: links, one of them to the new Component.
      output: {
        links: [
          { title: 'Repository', url: 'https://github.com/bookstore/shipping' },
          {
            title: 'Open in catalog',
            icon: 'catalog',
            entityRef: 'component:default/shipping',
          },
        ],
        text: [],
      },
    },
    {
      id: 't2',
      status: 'completed',
      createdAt: iso(now - 1000),
      completedAt: iso(now),
      output: { entityRef: 'component:default/orders' },
    },
    {
      id: 't3',
      status: 'failed',
      createdAt: iso(now - 2000),
      completedAt: iso(now - 1000),
    },
    {
      // A template that makes no Component: not measured.
      id: 't6',
      status: 'completed',
      createdAt: iso(now - 3000),
      completedAt: iso(now - 2000),
      output: { links: [{ title: 'Wiki page', url: 'https://wiki/page' }] },
    },
    {
      id: 't4',
      status: 'cancelled',
      createdAt: iso(now - 7 * DAY_MS),
      completedAt: iso(now - 7 * DAY_MS + MINUTE_MS),
    },
    {
      id: 't5',
      status: 'completed',
      createdAt: iso(now - 30 * DAY_MS),
      completedAt: iso(now - 30 * DAY_MS + MINUTE_MS),
    },
  ]);
  const facts = new Map<string, Record<string, Record<string, unknown>>>([
    [
      'component:default/shipping',
      {
        bookstoreArgoCdFacts: {
          hasArgoCdApplication: true,
          argocdFirstDeployedAt: iso(now + 13 * MINUTE_MS),
        },
      },
    ],
    [
      'component:default/orders',
      {
        bookstoreArgoCdFacts: {
          hasArgoCdApplication: true,
          argocdFirstDeployedAt: null,
        },
      },
    ],
  ]);
  const techInsights = fakeTechInsights(facts);
  const techDocs = fakeTechDocs(
    new Map([
      ['component:default/payments-gateway', now - 200 * DAY_MS],
      ['component:default/shipping', now - DAY_MS],
    ]),
  );
  const scheduler = mockServices.scheduler() as MockScheduler;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        adoptionPlugin,
        scaffolder.plugin,
        techInsights.plugin,
        techDocs.plugin,
        scheduler.factory({ skipTaskRunOnStartup: true }),
        // The catalog's contents can change between requests (a new Component).
        catalogServiceMock.mock({
          getEntities: (req, opts) => catalog.getEntities(req, opts),
        }).factory,
        mockServices.permissions.mock({
          async authorize(requests, options) {
            const { principal } = options!.credentials as BackstageCredentials<{
              type: 'user';
              userEntityRef: string;
            }>;
            const granted = principal.userEntityRef === ADMIN;
            return requests.map(() => ({
              result: granted ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
            }));
          },
        }).factory,
      ],
    });
    server = backend.server;
  });

  const post = (userRef: string, body: unknown) =>
    request(server)
      .post('/api/adoption/events')
      .set('Authorization', mockCredentials.user.header(userRef))
      .send(body as object);
  const summary = (userRef: string, weeks = 2) =>
    request(server)
      .get(`/api/adoption/summary?weeks=${weeks}`)
      .set('Authorization', mockCredentials.user.header(userRef));

  it('refuses the summary to a non-admin', async () => {
    const response = await summary(ALICE);
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        'The adoption figures are for portal admins only (adoption.summary.read)',
    });
  });

  it('refuses events without a signed-in user', async () => {
    const anonymous = await request(server)
      .post('/api/adoption/events')
      .set('Authorization', mockCredentials.none.header())
      .send({ events: [event('navigate')] });
    expect(anonymous.status).toBe(401);
    const service = await request(server)
      .post('/api/adoption/events')
      .set('Authorization', mockCredentials.service.header())
      .send({ events: [event('navigate')] });
    expect(service.status).toBe(403);
  });

  it.each([
    [
      'a user in the body',
      { events: [{ ...event('navigate'), user: BOB }] },
      'events[0]: Unrecognized key: "user"',
    ],
    [
      'a batch-level user',
      { events: [event('navigate')], userEntityRef: BOB },
      'body: Unrecognized key: "userEntityRef"',
    ],
    ['no events', { events: [] }, 'events: '],
    [
      'too many events',
      {
        events: Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () =>
          event('click'),
        ),
      },
      'events: ',
    ],
    [
      'a long action',
      { events: [event('navigate'), event('x'.repeat(101))] },
      'events[1].action: ',
    ],
    [
      'a bad timestamp',
      { events: [event('navigate', 'yesterday')] },
      'events[0].timestamp: is not an ISO 8601 date-time',
    ],
    [
      'an old timestamp',
      { events: [event('navigate', new Date(now - 2 * DAY_MS).toISOString())] },
      'events[0].timestamp: is more than a day old or in the future',
    ],
    [
      'a long plugin id',
      {
        events: [
          { ...event('navigate'), context: { pluginId: 'p'.repeat(101) } },
        ],
      },
      'events[0].context.pluginId: ',
    ],
  ])('refuses %s, naming the field', async (_title, body, message) => {
    const response = await post(ALICE, body);
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toContain(message);
  });

  it('refuses a bad number of weeks, naming it', async () => {
    const response = await summary(ADMIN, 0);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      "weeks: expected a whole number from 1 to 52, got '0'",
    );
  });

  it('counts each signed-in user once per day and week, from their own credentials', async () => {
    const first = await summary(ADMIN);
    expect(first.status).toBe(200);
    const baseline: AdoptionSummary = first.body;
    expect(baseline.weeks.map(w => w.weeklyActiveUsers)).toEqual([0, 0]);
    // The catalog as it was is the baseline: none of its Components is new.
    expect(baseline.weeks.map(w => w.newComponents)).toEqual([0, 0]);

    expect(
      (await post(ALICE, { events: [event('navigate'), event('click')] })).body,
    ).toEqual({ accepted: 2 });
    expect((await post(BOB, { events: [event('navigate')] })).status).toBe(202);
    expect((await post(ALICE, { events: [event('navigate')] })).status).toBe(
      202,
    );

    // A new golden-path service and a new hand-made Component.
    catalog = catalogServiceMock({
      entities: [
        ...baseCatalog,
        component('shipping', true),
        component('wiki', false),
      ],
    });

    const response = await summary(ADMIN);
    expect(response.status).toBe(200);
    const figures: AdoptionSummary = response.body;
    const today = new Date().toISOString().slice(0, 10);
    expect(figures.days.at(-1)).toEqual({ date: today, activeUsers: 2 });
    expect(figures.weeks).toHaveLength(2);
    const [lastWeek, thisWeek] = figures.weeks;
    expect(thisWeek).toMatchObject({
      weeklyActiveUsers: 2,
      templateRuns: 4,
      templateRunsSucceeded: 3,
      templateRunsFailed: 1,
      newComponents: 2,
      newGoldenPathComponents: 1,
    });
    expect(lastWeek).toMatchObject({
      weeklyActiveUsers: 0,
      averageDailyActiveUsers: 0,
      templateRuns: 1,
      templateRunsSucceeded: 0,
      templateRunsFailed: 1,
      newComponents: 0,
    });
    expect(figures.catalog).toEqual({
      users: 4,
      components: 4,
      goldenPathComponents: 2,
      argoCdApplications: 3,
      claimedArgoCdApplications: 2,
    });
    // The scaffolder was asked with the plugin's own service credentials.
    expect(new Set(scaffolder.callers)).toEqual(new Set(['plugin:adoption']));
  });

  it("measures the time from a run's completion to its service's first Argo CD sync, and TechDocs freshness, reading each once", async () => {
    catalog = catalogServiceMock({
      entities: [
        ...baseCatalog,
        component('shipping', true, { argoCd: true, techDocs: true }),
        component('wiki', false),
      ],
    });
    // The hourly snapshot measures TechDocs: shipping's site is a day old
    // (fresh), payments-gateway's 200 days (stale), orders' never published.
    await scheduler.triggerTask('adoption:catalog-snapshot');
    const askedBefore = techInsights.asked.length;

    const first: AdoptionSummary = (await summary(ADMIN)).body;
    const [lastWeek, thisWeek] = first.weeks;
    // t1 (shipping) synced 12 minutes after it completed; t2 (orders) waits;
    // t6 made no Component, t3 failed.
    const oneSynced = {
      runs: 2,
      synced: 1,
      waiting: 1,
      medianMinutes: 12,
      p90Minutes: 12,
    };
    expect(thisWeek.firstSync).toEqual(oneSynced);
    expect(first.firstSync).toEqual(oneSynced);
    expect(lastWeek.firstSync).toEqual({
      runs: 0,
      synced: 0,
      waiting: 0,
      medianMinutes: null,
      p90Minutes: null,
    });
    expect(first.techDocs).toEqual({
      measuredAt: expect.any(String),
      components: 3,
      fresh: 1,
      freshWithinDays: 90,
    });
    expect(thisWeek.techDocs).toEqual({
      measuredAt: first.techDocs.measuredAt,
      components: 3,
      fresh: 1,
    });
    expect(lastWeek.techDocs).toBeNull();
    expect([...techInsights.asked.slice(askedBefore)].sort()).toEqual([
      'component:default/orders',
      'component:default/shipping',
    ]);

    facts.set('component:default/orders', {
      bookstoreArgoCdFacts: {
        hasArgoCdApplication: true,
        argocdFirstDeployedAt: iso(now + 40 * MINUTE_MS),
      },
    });
    const second: AdoptionSummary = (await summary(ADMIN)).body;
    expect(second.firstSync).toEqual({
      runs: 2,
      synced: 2,
      waiting: 0,
      medianMinutes: 26,
      p90Minutes: 40,
    });
    // A first sync, once known, is recorded: shipping is not asked again,
    // and after orders synced, neither is orders.
    await summary(ADMIN);
    expect([...techInsights.asked.slice(askedBefore)].sort()).toEqual([
      'component:default/orders',
      'component:default/orders',
      'component:default/shipping',
    ]);
    // Each completed run's events were read once over all the summaries.
    expect([...scaffolder.eventsRead].sort()).toEqual(['t1', 't2', 't6']);
    expect(new Set([...techInsights.callers, ...techDocs.callers])).toEqual(
      new Set(['plugin:adoption']),
    );
  });
});
