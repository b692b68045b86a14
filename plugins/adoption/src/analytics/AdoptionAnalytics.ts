import {
  AnalyticsEvent,
  AnalyticsImplementation,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import {
  AdoptionEvent,
  MAX_EVENT_FIELD_LENGTH,
  MAX_EVENTS_PER_BATCH,
} from '@internal/plugin-adoption-common';

/** How often queued events are sent, in milliseconds. */
export const FLUSH_INTERVAL_MS = 5_000;

const CONTEXT_KEYS = ['pluginId', 'routeRef', 'extensionId'] as const;

function cut(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value !== ''
    ? value.slice(0, max)
    : undefined;
}

/** The event as the adoption backend takes it: within its limits, no attributes. */
export function toAdoptionEvent(
  event: AnalyticsEvent,
  now: Date,
): AdoptionEvent {
  const context: AdoptionEvent['context'] = {};
  for (const key of CONTEXT_KEYS) {
    const value = cut(event.context[key], MAX_EVENT_FIELD_LENGTH[key]);
    if (value) {
      context[key] = value;
    }
  }
  return {
    action: cut(event.action, MAX_EVENT_FIELD_LENGTH.action) ?? 'unknown',
    subject: event.subject.slice(0, MAX_EVENT_FIELD_LENGTH.subject),
    context,
    timestamp: now.toISOString(),
  };
}

/**
 * The portal's analytics: events are queued and sent in batches to the
 * adoption backend (`POST /api/adoption/events`) with the signed-in user's
 * credentials, every few seconds, when a batch is full and when the page is
 * hidden or left. Never throws into the UI: a batch the backend refuses or cannot
 * take is dropped.
 */
export class AdoptionAnalytics implements AnalyticsImplementation {
  private queue: AdoptionEvent[] = [];

  /** Starts the timer and the page-hide flush. */
  static start(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
  }): AdoptionAnalytics {
    const analytics = new AdoptionAnalytics(options);
    setInterval(() => analytics.flush(), FLUSH_INTERVAL_MS);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') {
        analytics.flush({ keepalive: true });
      }
    });
    // Leaving the page (a reload, a link out, the tab closed) does not always make it
    // hidden first; pagehide comes in every case.
    window.addEventListener('pagehide', () =>
      analytics.flush({ keepalive: true }),
    );
    return analytics;
  }

  private constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  captureEvent(event: AnalyticsEvent): void {
    this.queue.push(toAdoptionEvent(event, new Date()));
    if (this.queue.length >= MAX_EVENTS_PER_BATCH) {
      this.flush();
    }
  }

  /** Sends what is queued, a batch at a time; resolves once sent or dropped. */
  async flush(options: { keepalive?: boolean } = {}): Promise<void> {
    while (this.queue.length > 0) {
      const events = this.queue.splice(0, MAX_EVENTS_PER_BATCH);
      try {
        const baseUrl = await this.options.discoveryApi.getBaseUrl('adoption');
        await this.options.fetchApi.fetch(`${baseUrl}/events`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ events }),
          keepalive: options.keepalive,
        });
      } catch {
        // Analytics never breaks the page: the batch is lost.
      }
    }
  }
}
