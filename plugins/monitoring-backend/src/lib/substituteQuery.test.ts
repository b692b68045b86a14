import { Entity } from '@backstage/catalog-model';
import { substituteQuery } from './substituteQuery';

const entity = (
  annotations: Record<string, string> = {},
  labels: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-gateway', annotations, labels },
});

describe('substituteQuery', () => {
  it('puts in the service, name, namespace and labels', () => {
    expect(
      substituteQuery(
        'up{service="${{ service }}",job="${{name}}",ns="${{ namespace }}",tier="${{ labels.tier }}"}',
        entity({}, { tier: 'critical' }),
      ),
    ).toBe(
      'up{service="payments-gateway",job="payments-gateway",ns="default",tier="critical"}',
    );
  });

  it('takes the service from prometheus.io/service-name', () => {
    expect(
      substituteQuery(
        'up{service="${{ service }}"}',
        entity({ 'prometheus.io/service-name': 'payments' }),
      ),
    ).toBe('up{service="payments"}');
  });

  it('keeps a value inside its PromQL string', () => {
    expect(
      substituteQuery(
        'up{service="${{ service }}"}',
        entity({
          'prometheus.io/service-name': 'a"} or vector(1) or up{x="\\',
        }),
      ),
    ).toBe('up{service="a\\"} or vector(1) or up{x=\\"\\\\"}');
  });

  it.each(['labels.missing', 'constructor', 'labels.constructor', 'owner'])(
    'refuses ${{ %s }}, which the entity has no value for',
    variable => {
      expect(() =>
        substituteQuery(`up{x="\${{ ${variable} }}"}`, entity()),
      ).toThrow(
        `The query needs \${{ ${variable} }}, which payments-gateway does not have`,
      );
    },
  );
});
