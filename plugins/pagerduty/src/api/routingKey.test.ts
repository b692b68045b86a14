import { Entity } from '@backstage/catalog-model';
import {
  PagerDutyIntegration,
  PagerDutyService,
} from '@pagerduty/backstage-plugin-common';
import { chooseRoutingKey } from './routingKey';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', annotations },
  };
}

function service(integrations?: PagerDutyIntegration[]): PagerDutyService {
  return {
    id: 'PSVC1',
    name: 'Checkout',
    html_url: 'https://acme.pagerduty.com/service-directory/PSVC1',
    escalation_policy: { id: 'PEP1', name: 'Checkout on-call' },
    integrations,
  };
}

const eventsV2 = {
  id: 'PINT2',
  type: 'events_api_v2_inbound_integration',
  integration_key: 'events-v2-key',
};
const email = {
  id: 'PINT1',
  type: 'generic_email_inbound_integration',
  integration_key: 'email-key',
};

describe('chooseRoutingKey', () => {
  it('prefers the integration-key annotation over the service', () => {
    expect(
      chooseRoutingKey(
        entity({ 'pagerduty.com/integration-key': 'annotated-key' }),
        service([eventsV2]),
      ),
    ).toEqual({ routingKey: 'annotated-key', from: 'annotation' });
  });

  it('uses the annotation even before the service has loaded', () => {
    expect(
      chooseRoutingKey(
        entity({ 'pagerduty.com/integration-key': ' annotated-key ' }),
        undefined,
      ),
    ).toEqual({ routingKey: 'annotated-key', from: 'annotation' });
  });

  it("uses the service's Events API v2 integration, not other types", () => {
    expect(chooseRoutingKey(entity({}), service([email, eventsV2]))).toEqual({
      routingKey: 'events-v2-key',
      from: 'integration',
    });
  });

  it('ignores a blank annotation', () => {
    expect(
      chooseRoutingKey(
        entity({ 'pagerduty.com/integration-key': '  ' }),
        service([eventsV2]),
      ).routingKey,
    ).toBe('events-v2-key');
  });

  it('explains when the service has no Events API v2 integration', () => {
    expect(chooseRoutingKey(entity({}), service([email]))).toEqual({
      reason:
        'This entity has no pagerduty.com/integration-key annotation and the PagerDuty service "Checkout" has no Events API v2 integration.',
    });
    expect(chooseRoutingKey(entity({}), service(undefined)).routingKey).toBe(
      undefined,
    );
  });

  it('explains when the service is not loaded and there is no annotation', () => {
    expect(chooseRoutingKey(entity({}), undefined)).toEqual({
      reason:
        'This entity has no pagerduty.com/integration-key annotation and its PagerDuty service is not loaded.',
    });
  });
});
