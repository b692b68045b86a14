/**
 * The most events one `POST /api/adoption/events` may carry; the frontend
 * sends a batch as soon as it holds this many.
 *
 * @public
 */
export const MAX_EVENTS_PER_BATCH = 100;

/**
 * The longest `action`, `subject`, and `context.pluginId` / `routeRef` /
 * `extensionId` an event may have, in characters.
 *
 * @public
 */
export const MAX_EVENT_FIELD_LENGTH = {
  action: 100,
  subject: 500,
  pluginId: 100,
  routeRef: 200,
  extensionId: 200,
} as const;

/**
 * One analytics event as the frontend sends it: the user is never part of
 * it, the backend takes the signed-in user from the request's credentials.
 *
 * @public
 */
export interface AdoptionEvent {
  action: string;
  subject: string;
  context: {
    pluginId?: string;
    routeRef?: string;
    extensionId?: string;
  };
  /** ISO 8601, when the event happened in the browser. */
  timestamp: string;
}

/**
 * The body of `POST /api/adoption/events`.
 *
 * @public
 */
export interface AdoptionEventBatch {
  events: AdoptionEvent[];
}
