import {
  PagerDutyIncident,
  PagerDutyService,
  PagerDutyUser,
} from '@pagerduty/backstage-plugin-common';

/** Test data in the PagerDuty backend plugin's wire format. */

export const BACKEND_URL = 'http://localhost:7007/api/pagerduty';
export const EVENTS_URL =
  'http://localhost:7007/api/proxy/pagerduty-events/enqueue';

export const service: PagerDutyService = {
  id: 'PSVC1',
  name: 'Checkout API',
  description: 'Takes the money',
  status: 'critical',
  html_url: 'https://acme.pagerduty.com/service-directory/PSVC1',
  escalation_policy: {
    id: 'PEP1',
    name: 'Checkout on-call',
    html_url: 'https://acme.pagerduty.com/escalation_policies/PEP1',
  },
  integrations: [
    {
      id: 'PINT1',
      type: 'generic_email_inbound_integration',
      integration_key: 'email-integration-key',
    },
    {
      id: 'PINT2',
      type: 'events_api_v2_inbound_integration',
      integration_key: 'events-v2-integration-key',
    },
  ],
};

export const onCallUser: PagerDutyUser = {
  id: 'PUSR1',
  name: 'Ada Lovelace',
  summary: 'Ada Lovelace',
  email: 'ada@example.com',
  html_url: 'https://acme.pagerduty.com/users/PUSR1',
  avatar_url: 'https://secure.gravatar.com/avatar/ada.png',
};

export function incident(createdAt: string): PagerDutyIncident {
  return {
    id: 'PINC1',
    title: 'Payments are failing',
    status: 'triggered',
    urgency: 'high',
    html_url: 'https://acme.pagerduty.com/incidents/PINC1',
    created_at: createdAt,
    service,
    assignments: [{ assignee: onCallUser }],
  };
}
