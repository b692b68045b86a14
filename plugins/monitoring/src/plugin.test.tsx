import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import monitoringPlugin from './plugin';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-gateway', annotations },
  };
}

describe('monitoringPlugin', () => {
  it('adds a Monitoring tab only to entities with alerts, rules or a dashboard', () => {
    const tester = createExtensionTester(
      monitoringPlugin.getExtension('entity-content:monitoring/monitoring'),
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);

    expect(tester.get(coreExtensionData.routePath)).toBe('/monitoring');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Monitoring',
    );
    for (const annotation of [
      'prometheus.io/rule',
      'prometheus.io/alert',
      'grafana/overview-dashboard',
    ]) {
      expect(filter?.(entity({ [annotation]: 'x' }))).toBe(true);
    }
    expect(filter?.(entity({ 'prometheus.io/service-name': 'x' }))).toBe(false);
    expect(filter?.(entity({}))).toBe(false);
  });
});
