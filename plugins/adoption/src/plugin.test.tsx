import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { AnalyticsImplementationBlueprint } from '@backstage/plugin-app-react';
import adoptionPlugin from './plugin';

describe('adoptionPlugin', () => {
  it('adds the Adoption page at /adoption, with a nav item', () => {
    const tester = createExtensionTester(
      adoptionPlugin.getExtension('page:adoption'),
    );

    expect(tester.get(coreExtensionData.routePath)).toBe('/adoption');
    expect(tester.get(coreExtensionData.title)).toBe('Adoption');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });

  it('gives the app’s analytics API an implementation needing the discovery and fetch APIs', () => {
    const extension = adoptionPlugin.getExtension(
      'analytics:adoption/adoption',
    );
    const tester = createExtensionTester(extension);
    const factory = tester.get(
      AnalyticsImplementationBlueprint.dataRefs.factory,
    );

    expect(
      Object.values(factory.deps)
        .map(ref => (ref as { id: string }).id)
        .sort(),
    ).toEqual(['core.discovery', 'core.fetch']);
  });
});
