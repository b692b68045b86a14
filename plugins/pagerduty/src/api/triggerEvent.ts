import { TriggerIncidentRequest } from './PagerDutyApi';

/** The body of a PagerDuty Events API v2 trigger event. */
export type TriggerEventBody = {
  routing_key: string;
  event_action: 'trigger';
  payload: {
    summary: string;
    source: string;
    severity: TriggerIncidentRequest['severity'];
    custom_details?: Record<string, string>;
  };
  client: string;
  client_url: string;
};

/** The Events API v2 answer to an accepted event (HTTP 202). */
export type TriggerEventResponse = {
  status: string;
  message: string;
  dedup_key: string;
};

/** Shown in PagerDuty as the tool the incident came from. */
export const EVENT_CLIENT = 'Backstage';

export function toTriggerEventBody(
  request: TriggerIncidentRequest,
): TriggerEventBody {
  return {
    routing_key: request.routingKey,
    event_action: 'trigger',
    payload: {
      summary: request.summary,
      source: request.source,
      severity: request.severity,
      ...(request.customDetails && { custom_details: request.customDetails }),
    },
    client: EVENT_CLIENT,
    client_url: request.clientUrl,
  };
}
