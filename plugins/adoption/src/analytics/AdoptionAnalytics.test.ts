import { AnalyticsEvent } from '@backstage/frontend-plugin-api';
import { mockApis } from '@backstage/frontend-test-utils';
import { registerMswTestHooks } from '@backstage/test-utils';
import {
  AdoptionEventBatch,
  MAX_EVENTS_PER_BATCH,
} from '@internal/plugin-adoption-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ADOPTION_URL } from '../__testUtils__/fixtures';
import { AdoptionAnalytics, FLUSH_INTERVAL_MS } from './AdoptionAnalytics';

jest.setTimeout(30_000);

type Batch = { body: AdoptionEventBatch; keepalive: boolean };
const batches: Batch[] = [];
let received: (batch: Batch) => void = () => {};
/** The next batch the backend receives. */
const nextBatch = () => new Promise<Batch>(resolve => (received = resolve));
let status = 202;
const server = setupServer(
  http.post(`${ADOPTION_URL}/events`, async ({ request }) => {
    const batch = {
      body: (await request.json()) as AdoptionEventBatch,
      keepalive: request.keepalive,
    };
    batches.push(batch);
    received(batch);
    return HttpResponse.json({ accepted: 1 }, { status });
  }),
);
registerMswTestHooks(server);

const event = (action: string, extra: Partial<AnalyticsEvent> = {}) =>
  ({
    action,
    subject: '/catalog',
    context: {
      pluginId: 'catalog',
      extensionId: 'page:catalog',
      routeRef: 'unknown',
    },
    ...extra,
  } as AnalyticsEvent);

function startAnalytics() {
  return AdoptionAnalytics.start({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: mockApis.fetch(),
  });
}

describe('AdoptionAnalytics', () => {
  let intervals: jest.SpyInstance;
  beforeEach(() => {
    batches.length = 0;
    status = 202;
    intervals = jest
      .spyOn(window, 'setInterval')
      .mockReturnValue(0 as unknown as ReturnType<typeof setInterval>);
  });
  afterEach(() => jest.restoreAllMocks());

  /** The analytics' timer, run by hand; it must tick every FLUSH_INTERVAL_MS. */
  function tick() {
    const [callback, delay] = intervals.mock.calls.at(-1)!;
    expect(delay).toBe(FLUSH_INTERVAL_MS);
    (callback as () => void)();
  }

  it('sends the queued events every few seconds, within the backend’s limits and without attributes', async () => {
    const analytics = startAnalytics();
    analytics.captureEvent(event('navigate'));
    analytics.captureEvent(
      event('x'.repeat(150), {
        subject: 's'.repeat(600),
        attributes: { secret: 'not sent' },
        context: {
          pluginId: 'scaffolder',
          extensionId: '',
          other: 'dropped',
        } as AnalyticsEvent['context'],
      }),
    );
    expect(batches).toEqual([]);

    const sent = nextBatch();
    tick();
    await sent;

    const [first, second] = batches[0].body.events;
    expect(first).toEqual({
      action: 'navigate',
      subject: '/catalog',
      context: {
        pluginId: 'catalog',
        extensionId: 'page:catalog',
        routeRef: 'unknown',
      },
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(second.action).toHaveLength(100);
    expect(second.subject).toHaveLength(500);
    expect(second.context).toEqual({ pluginId: 'scaffolder' });
    expect(Object.keys(batches[0].body)).toEqual(['events']);

    // Nothing queued: nothing sent.
    tick();
    await analytics.flush();
    expect(batches).toHaveLength(1);
  });

  it('sends a full batch at once', async () => {
    const analytics = startAnalytics();
    const sent = nextBatch();
    for (let i = 0; i < MAX_EVENTS_PER_BATCH; i++) {
      analytics.captureEvent(event('click'));
    }
    expect((await sent).body.events).toHaveLength(MAX_EVENTS_PER_BATCH);
  });

  it('sends what is queued when the page is hidden, surviving the page', async () => {
    const analytics = startAnalytics();
    analytics.captureEvent(event('navigate'));
    const sent = nextBatch();
    jest.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    expect((await sent).keepalive).toBe(true);
  });

  it('sends what is queued when the page is left (reload, link out, tab closed), surviving the page', async () => {
    const analytics = startAnalytics();
    analytics.captureEvent(event('navigate'));
    const sent = nextBatch();
    window.dispatchEvent(new Event('pagehide'));
    expect((await sent).keepalive).toBe(true);
  });

  it('never throws into the page when the backend refuses or is unreachable', async () => {
    const analytics = startAnalytics();
    status = 500;
    analytics.captureEvent(event('navigate'));
    await expect(analytics.flush()).resolves.toBeUndefined();
    expect(batches).toHaveLength(1);

    server.use(http.post(`${ADOPTION_URL}/events`, () => HttpResponse.error()));
    expect(() => analytics.captureEvent(event('click'))).not.toThrow();
    await expect(analytics.flush()).resolves.toBeUndefined();
    // The failed batch is dropped, not sent again.
    server.resetHandlers();
    await analytics.flush();
    expect(batches).toHaveLength(1);
  });
});
