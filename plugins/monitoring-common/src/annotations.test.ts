import { Entity } from '@backstage/catalog-model';
import { alertSelectorOf } from './annotations';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-gateway', annotations },
});

describe('alertSelectorOf', () => {
  it('reads comma-separated rule groups and alert names', () => {
    expect(
      alertSelectorOf(
        entity({
          'prometheus.io/rule': ' payments-gateway.rules , payments-slo.rules',
          'prometheus.io/alert': 'KafkaConsumerLagHigh,',
        }),
      ),
    ).toEqual({
      ruleGroups: ['payments-gateway.rules', 'payments-slo.rules'],
      alertNames: ['KafkaConsumerLagHigh'],
    });
  });

  it('takes either annotation alone', () => {
    expect(alertSelectorOf(entity({ 'prometheus.io/alert': 'A' }))).toEqual({
      ruleGroups: [],
      alertNames: ['A'],
    });
  });

  it('is undefined without both', () => {
    expect(
      alertSelectorOf(
        entity({ 'grafana/overview-dashboard': 'https://g/d/x' }),
      ),
    ).toBeUndefined();
  });
});
