import { TenantLiveEvent } from '@internal/plugin-bookstore-tenant-common';

/** How many of an object's events the Tenant tab shows. */
export const RECENT_EVENT_LIMIT = 20;

/** A core/v1 Event, as far as the Tenant tab reads it. */
export interface KubernetesEvent {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string | null;
  firstTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
  metadata?: { creationTimestamp?: string };
}

/** When an event last happened: the newest of its timestamps (events.k8s.io or core/v1). */
function lastSeenOf(event: KubernetesEvent): string | undefined {
  return (
    event.series?.lastObservedTime ??
    event.lastTimestamp ??
    event.eventTime ??
    event.firstTimestamp ??
    event.metadata?.creationTimestamp ??
    undefined
  );
}

function timeOf(event: TenantLiveEvent): number {
  return event.lastSeen ? Date.parse(event.lastSeen) || 0 : 0;
}

/** The newest `limit` events, newest first, as the Tenant tab shows them. */
export function recentEvents(
  events: KubernetesEvent[],
  limit: number = RECENT_EVENT_LIMIT,
): TenantLiveEvent[] {
  return events
    .map(event => {
      const lastSeen = lastSeenOf(event);
      return {
        type: event.type || 'Normal',
        ...(event.reason ? { reason: event.reason } : {}),
        ...(event.message ? { message: event.message } : {}),
        count: event.series?.count ?? event.count ?? 1,
        ...(lastSeen ? { lastSeen } : {}),
      };
    })
    .sort((a, b) => timeOf(b) - timeOf(a))
    .slice(0, limit);
}
