import type { ServiceAlertsResponse } from '@internal/plugin-monitoring-common';

/** The facts of `bookstorePrometheusFacts`. */
export type PrometheusFacts = {
  hasAlertingRules: boolean;
};

export const prometheusFactsSchema = {
  hasAlertingRules: {
    type: 'boolean',
    description:
      'Prometheus holds at least one alerting rule of the Component (the rule groups of annotation prometheus.io/rule, the alerts of prometheus.io/alert)',
  },
} as const;

/** A Component without the prometheus.io/rule and prometheus.io/alert annotations. */
export const NO_RULES_FACTS: PrometheusFacts = { hasAlertingRules: false };

/**
 * The Prometheus facts of one Component from the monitoring backend's answer
 * (`GET /api/monitoring/alerts/...`, every Prometheus instance): a rule in any
 * instance is enough. Undefined when no instance has one and some failed: the
 * failed ones might, so the answer says nothing.
 */
export function prometheusFacts(
  answer: ServiceAlertsResponse,
): PrometheusFacts | undefined {
  if (answer.rules.length > 0) {
    return { hasAlertingRules: true };
  }
  return answer.failures.length > 0 ? undefined : { hasAlertingRules: false };
}
