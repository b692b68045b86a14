import {
  AlertSelector,
  RuleState,
  ServiceAlert,
  ServiceRule,
} from '@internal/plugin-monitoring-common';
import {
  PrometheusAlert,
  PrometheusRuleGroup,
} from '../prometheus/prometheusTypes';

const STATE_ORDER: Record<RuleState, number> = {
  firing: 0,
  pending: 1,
  inactive: 2,
};

/** The service's alerting rules of one instance: in its rule groups, or named by it. */
export function serviceRules(
  instance: string,
  groups: PrometheusRuleGroup[],
  selector: AlertSelector,
): ServiceRule[] {
  return groups.flatMap(group =>
    group.rules
      .filter(
        rule =>
          rule.type === 'alerting' &&
          (selector.ruleGroups.includes(group.name) ||
            selector.alertNames.includes(rule.name)),
      )
      .map(rule => ({
        instance,
        group: group.name,
        name: rule.name,
        state: rule.state,
        health: rule.health,
        ...(rule.lastError ? { lastError: rule.lastError } : {}),
        query: rule.query,
        ...(rule.labels?.severity ? { severity: rule.labels.severity } : {}),
        activeAlerts: (rule.alerts ?? []).filter(a => a.state !== 'inactive')
          .length,
      })),
  );
}

/** The active alerts of one instance whose names are the service's. */
export function serviceAlerts(
  instance: string,
  alerts: PrometheusAlert[],
  alertNames: Set<string>,
): ServiceAlert[] {
  return alerts.flatMap(alert => {
    const name = alert.labels.alertname;
    if (!alertNames.has(name) || alert.state === 'inactive') {
      return [];
    }
    const summary = alert.annotations.summary ?? alert.annotations.description;
    return [
      {
        instance,
        name,
        state: alert.state,
        ...(alert.labels.severity ? { severity: alert.labels.severity } : {}),
        activeAt: alert.activeAt ?? '',
        ...(summary ? { summary } : {}),
        labels: alert.labels,
      },
    ];
  });
}

/** Firing first, then pending; the longest active first. */
export function byUrgency(a: ServiceAlert, b: ServiceAlert): number {
  return (
    STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
    a.activeAt.localeCompare(b.activeAt) ||
    a.instance.localeCompare(b.instance)
  );
}

/** Firing, pending, then inactive; by name, then instance. */
export function byRuleState(a: ServiceRule, b: ServiceRule): number {
  return (
    STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
    a.name.localeCompare(b.name) ||
    a.instance.localeCompare(b.instance)
  );
}
