import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  PagerDutyIncident,
  PagerDutyService,
  PagerDutyUser,
} from '@pagerduty/backstage-plugin-common';

/** The severities the PagerDuty Events API v2 accepts. */
export const INCIDENT_SEVERITIES = [
  'critical',
  'error',
  'warning',
  'info',
] as const;

/** @public */
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** What to page about, as one Events API v2 trigger event. */
export type TriggerIncidentRequest = {
  routingKey: string;
  summary: string;
  /** Where the problem is, e.g. the entity ref of the service. */
  source: string;
  severity: IncidentSeverity;
  customDetails?: Record<string, string>;
  /** The page the incident was triggered from, shown as a link in PagerDuty. */
  clientUrl: string;
};

/** PagerDuty's answer to an accepted trigger event. */
export type TriggerIncidentResult = {
  dedupKey: string;
  message: string;
};

/**
 * The PagerDuty data of the On-call tab: read through the PagerDuty backend
 * plugin, incidents triggered through the Events API v2 behind the proxy.
 *
 * @public
 */
export interface PagerDutyApi {
  getService(serviceId: string): Promise<PagerDutyService>;
  /** Triggered and acknowledged incidents of the service. */
  getOpenIncidents(serviceId: string): Promise<PagerDutyIncident[]>;
  getOnCallUsers(escalationPolicyId: string): Promise<PagerDutyUser[]>;
  triggerIncident(
    request: TriggerIncidentRequest,
  ): Promise<TriggerIncidentResult>;
}

/** @public */
export const pagerDutyApiRef = createApiRef<PagerDutyApi>().with({
  id: 'plugin.pagerduty.api',
  pluginId: 'pagerduty',
});
