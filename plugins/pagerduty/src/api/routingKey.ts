import { Entity } from '@backstage/catalog-model';
import {
  PAGERDUTY_INTEGRATION_KEY,
  PagerDutyService,
} from '@pagerduty/backstage-plugin-common';

/** The PagerDuty integration type whose key the Events API v2 accepts. */
export const EVENTS_API_V2_INTEGRATION_TYPE =
  'events_api_v2_inbound_integration';

/** Where incidents for an entity are sent, or why they cannot be. */
export type RoutingKeyChoice =
  | { routingKey: string; from: 'annotation' | 'integration' }
  | { routingKey?: undefined; reason: string };

/**
 * The routing key for triggering incidents: the entity's
 * `pagerduty.com/integration-key` annotation, else the key of the service's
 * Events API v2 integration. `service` is undefined while it is not loaded.
 */
export function chooseRoutingKey(
  entity: Entity,
  service: PagerDutyService | undefined,
): RoutingKeyChoice {
  const annotated =
    entity.metadata.annotations?.[PAGERDUTY_INTEGRATION_KEY]?.trim();
  if (annotated) {
    return { routingKey: annotated, from: 'annotation' };
  }
  if (!service) {
    return {
      reason: `This entity has no ${PAGERDUTY_INTEGRATION_KEY} annotation and its PagerDuty service is not loaded.`,
    };
  }
  const integrationKey = service.integrations?.find(
    integration =>
      integration.type === EVENTS_API_V2_INTEGRATION_TYPE &&
      integration.integration_key,
  )?.integration_key;
  if (integrationKey) {
    return { routingKey: integrationKey, from: 'integration' };
  }
  return {
    reason: `This entity has no ${PAGERDUTY_INTEGRATION_KEY} annotation and the PagerDuty service "${service.name}" has no Events API v2 integration.`,
  };
}
