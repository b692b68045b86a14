import type {
  ServiceAlertsResponse,
  ServiceRule,
} from '@internal/plugin-monitoring-common';
import { prometheusFacts } from './prometheusFacts';

const rule: ServiceRule = {
  instance: 'us-east',
  group: 'orders.rules',
  name: 'OrdersHighErrorRate',
  state: 'inactive',
  health: 'ok',
  query: 'orders_errors > 0',
  activeAlerts: 0,
};
const failure = {
  instance: 'eu-west',
  message: 'Prometheus eu-west: no answer within 5000 ms',
};

function answer(
  rules: ServiceRule[],
  failures: ServiceAlertsResponse['failures'],
): ServiceAlertsResponse {
  return { alerts: [], rules, failures };
}

describe('prometheusFacts', () => {
  it('has alerting rules when any instance holds one, even with another failing', () => {
    expect(prometheusFacts(answer([rule], []))).toEqual({
      hasAlertingRules: true,
    });
    expect(prometheusFacts(answer([rule], [failure]))).toEqual({
      hasAlertingRules: true,
    });
  });

  it('has none when every instance answered without one', () => {
    expect(prometheusFacts(answer([], []))).toEqual({
      hasAlertingRules: false,
    });
  });

  it('says nothing when no instance holds one and some failed', () => {
    expect(prometheusFacts(answer([], [failure]))).toBeUndefined();
  });
});
