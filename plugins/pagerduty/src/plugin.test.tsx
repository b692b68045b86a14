import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import pagerDutyPlugin from './plugin';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', annotations },
  };
}

describe('pagerDutyPlugin', () => {
  it('adds an On-call tab only to entities with a PagerDuty service', () => {
    const tester = createExtensionTester(
      pagerDutyPlugin.getExtension('entity-content:pagerduty/on-call'),
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);

    expect(tester.get(coreExtensionData.routePath)).toBe('/on-call');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('On-call');
    expect(filter?.(entity({ 'pagerduty.com/service-id': 'PSVC1' }))).toBe(
      true,
    );
    expect(
      filter?.(entity({ 'pagerduty.com/integration-key': 'only-a-key' })),
    ).toBe(false);
  });
});
