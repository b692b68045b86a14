import { Entity } from '@backstage/catalog-model';

/** Comma-separated names of the Prometheus rule groups that hold the service's alerting rules. */
export const PROMETHEUS_RULE_ANNOTATION = 'prometheus.io/rule';
/** Comma-separated names of the service's alerts (alerting rules in groups shared with others). */
export const PROMETHEUS_ALERT_ANNOTATION = 'prometheus.io/alert';
/** Replaces the entity's name as `${{ service }}` in the graphs' queries. */
export const PROMETHEUS_SERVICE_NAME_ANNOTATION = 'prometheus.io/service-name';
/** The URL of the component's main Grafana dashboard. */
export const GRAFANA_DASHBOARD_ANNOTATION = 'grafana/overview-dashboard';

/** Which alerting rules and alerts are the service's, from its annotations. */
export interface AlertSelector {
  ruleGroups: string[];
  alertNames: string[];
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(item => item.trim())
    .filter(Boolean);
}

/**
 * The rule groups and alert names an entity's `prometheus.io/rule` and
 * `prometheus.io/alert` annotations name; undefined when it has neither.
 */
export function alertSelectorOf(entity: Entity): AlertSelector | undefined {
  const annotations = entity.metadata.annotations ?? {};
  if (
    annotations[PROMETHEUS_RULE_ANNOTATION] === undefined &&
    annotations[PROMETHEUS_ALERT_ANNOTATION] === undefined
  ) {
    return undefined;
  }
  return {
    ruleGroups: list(annotations[PROMETHEUS_RULE_ANNOTATION]),
    alertNames: list(annotations[PROMETHEUS_ALERT_ANNOTATION]),
  };
}
