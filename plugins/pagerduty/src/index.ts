/**
 * The On-call tab for service pages: who is on call, the open incidents and
 * a Trigger button, through the PagerDuty backend plugin.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export {
  pagerDutyApiRef,
  type IncidentSeverity,
  type PagerDutyApi,
  type TriggerIncidentRequest,
  type TriggerIncidentResult,
} from './api/PagerDutyApi';
export { PagerDutyClient } from './api/PagerDutyClient';
export { isPagerDutyConfigured } from './pagerDutyConfig';
