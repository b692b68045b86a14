import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { component } from './__testUtils__/fixtures';
import scorecardsPlugin from './plugin';

describe('scorecardsPlugin', () => {
  it('puts the scorecard card on Components only', () => {
    const tester = createExtensionTester(
      scorecardsPlugin.getExtension('entity-card:scorecards/scorecard'),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);

    expect(filter?.(component('orders', 'team-orders'))).toBe(true);
    expect(
      filter?.({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: 'acme-books' },
      }),
    ).toBe(false);
  });

  it('adds the Scorecards page at /scorecards, with a nav item', () => {
    const tester = createExtensionTester(
      scorecardsPlugin.getExtension('page:scorecards'),
    );

    expect(tester.get(coreExtensionData.routePath)).toBe('/scorecards');
    expect(tester.get(coreExtensionData.title)).toBe('Scorecards');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });
});
