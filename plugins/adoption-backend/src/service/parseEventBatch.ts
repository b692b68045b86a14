import { InputError } from '@backstage/errors';
import {
  AdoptionEvent,
  MAX_EVENT_FIELD_LENGTH,
  MAX_EVENTS_PER_BATCH,
} from '@internal/plugin-adoption-common';
import { z } from 'zod';

/** How far back an event's timestamp may be: a browser flushes within seconds. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** How far ahead of the backend's clock a browser's clock may be. */
const MAX_SKEW_MS = 5 * 60 * 1000;

const text = (max: number) => z.string().min(1).max(max);

function batchSchema(now: Date) {
  return z
    .object({
      events: z
        .array(
          z
            .object({
              action: text(MAX_EVENT_FIELD_LENGTH.action),
              subject: z.string().max(MAX_EVENT_FIELD_LENGTH.subject),
              context: z
                .object({
                  pluginId: text(MAX_EVENT_FIELD_LENGTH.pluginId).optional(),
                  routeRef: text(MAX_EVENT_FIELD_LENGTH.routeRef).optional(),
                  extensionId: text(
                    MAX_EVENT_FIELD_LENGTH.extensionId,
                  ).optional(),
                })
                .strip(),
              timestamp: z
                .string()
                .refine(value => !Number.isNaN(Date.parse(value)), {
                  message: 'is not an ISO 8601 date-time',
                })
                .refine(
                  value => {
                    const at = Date.parse(value);
                    return (
                      at >= now.getTime() - MAX_AGE_MS &&
                      at <= now.getTime() + MAX_SKEW_MS
                    );
                  },
                  { message: 'is more than a day old or in the future' },
                ),
            })
            .strict(),
        )
        .min(1)
        .max(MAX_EVENTS_PER_BATCH),
    })
    .strict();
}

/**
 * The events of a `POST /events` body, or an `InputError` naming the first
 * field that is wrong (`events[2].action: …`). Unknown fields are refused, so
 * a body cannot carry a user of its own; unknown context fields (the
 * frontend's analytics context has more) are dropped.
 */
export function parseEventBatch(body: unknown, now: Date): AdoptionEvent[] {
  const result = batchSchema(now).safeParse(body);
  if (!result.success) {
    const [issue] = result.error.issues;
    const field = issue.path
      .map((key, index) =>
        typeof key === 'number'
          ? `[${key}]`
          : `${index ? '.' : ''}${String(key)}`,
      )
      .join('');
    throw new InputError(`${field || 'body'}: ${issue.message}`);
  }
  return result.data.events;
}
