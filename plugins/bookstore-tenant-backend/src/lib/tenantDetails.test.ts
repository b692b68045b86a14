import { Entity } from '@backstage/catalog-model';
import { tenantDetailsOf } from './tenantDetails';

const usEast = {
  cluster: 'us-east',
  source: 'claim',
  apiVersion: 'platform.bookstore.io/v1alpha1',
  kind: 'BookstoreTenant',
  namespace: 'bookstore-tenants',
  name: 'acme-books',
  compositeName: 'acme-books-x7k2p',
  ready: 'True',
  synced: 'True',
  conditions: [],
};

function resource(
  spec: NonNullable<Entity['spec']>,
  kind = 'Resource',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'acme-books', namespace: 'default' },
    spec,
  };
}

describe('tenantDetailsOf', () => {
  it('reads spec.tenant of a bookstore-tenant Resource', () => {
    const tenant = {
      displayName: 'Acme Books',
      tier: 'standard',
      regions: ['us-east'],
      clusters: [usEast],
    };
    expect(
      tenantDetailsOf(resource({ type: 'bookstore-tenant', tenant })),
    ).toEqual(tenant);
  });

  it('keeps only the cluster entries it can read', () => {
    const details = tenantDetailsOf(
      resource({
        type: 'bookstore-tenant',
        tenant: {
          regions: 'us-east',
          clusters: [
            usEast,
            { ...usEast, cluster: 42 },
            { ...usEast, source: 'xr' },
            'eu-west',
          ],
        },
      }),
    );
    expect(details).toEqual({ regions: [], clusters: [usEast] });
  });

  it('has no clusters when spec.tenant is missing', () => {
    expect(tenantDetailsOf(resource({ type: 'bookstore-tenant' }))).toEqual({
      regions: [],
      clusters: [],
    });
  });

  it.each([
    ['another type of Resource', resource({ type: 'database' })],
    ['another kind', resource({ type: 'bookstore-tenant' }, 'Component')],
  ])('is undefined for %s', (_case, entity) => {
    expect(tenantDetailsOf(entity)).toBeUndefined();
  });
});
