import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { tenantEntity } from './__testUtils__/fixtures';
import bookstoreTenantPlugin from './plugin';

function entity(kind: string, type: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'orders-db' },
    spec: { type, owner: 'group:default/team-payments' },
  };
}

describe('bookstoreTenantPlugin', () => {
  it('adds a Tenant tab to bookstore-tenant Resources only', () => {
    const tester = createExtensionTester(
      bookstoreTenantPlugin.getExtension(
        'entity-content:bookstore-tenant/tenant',
      ),
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);

    expect(tester.get(coreExtensionData.routePath)).toBe('/tenant');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Tenant');
    expect(filter?.(tenantEntity)).toBe(true);
    expect(filter?.(entity('Resource', 'database'))).toBe(false);
    expect(filter?.(entity('Component', 'bookstore-tenant'))).toBe(false);
  });
});
