import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { TenantDependencyProcessor } from './TenantDependencyProcessor';

const location = {
  type: 'url',
  target: 'https://example.com/catalog-info.yaml',
};

async function process(entity: Entity) {
  const results: CatalogProcessorResult[] = [];
  await new TenantDependencyProcessor().postProcessEntity(entity, location, r =>
    results.push(r),
  );
  return results;
}

function component(
  annotations: Record<string, string>,
  kind = 'Component',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'orders', namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
  };
}

describe('TenantDependencyProcessor', () => {
  it('links a Component to the tenant it names, both ways', async () => {
    expect(
      await process(
        component({ 'platform.bookstore.io/tenant': 'acme-books' }),
      ),
    ).toEqual([
      {
        type: 'relation',
        relation: {
          source: { kind: 'Component', namespace: 'default', name: 'orders' },
          type: 'dependsOn',
          target: {
            kind: 'resource',
            namespace: 'default',
            name: 'acme-books',
          },
        },
      },
      {
        type: 'relation',
        relation: {
          source: {
            kind: 'resource',
            namespace: 'default',
            name: 'acme-books',
          },
          type: 'dependencyOf',
          target: { kind: 'Component', namespace: 'default', name: 'orders' },
        },
      },
    ]);
  });

  it('takes a full resource ref too', async () => {
    const [dependsOn] = await process(
      component({ 'platform.bookstore.io/tenant': 'resource:tenants/acme' }),
    );
    expect(dependsOn).toMatchObject({
      relation: {
        target: { kind: 'resource', namespace: 'tenants', name: 'acme' },
      },
    });
  });

  it.each([['a:b:c/d/e'], ['component:orders'], ['resource:']])(
    'reports %s as an input error',
    async value => {
      expect(
        await process(component({ 'platform.bookstore.io/tenant': value })),
      ).toEqual([
        expect.objectContaining({
          type: 'error',
          error: expect.objectContaining({
            name: 'InputError',
            message: `platform.bookstore.io/tenant of orders is not a tenant name: '${value}'`,
          }),
        }),
      ]);
    },
  );

  it('leaves other kinds and unannotated Components alone', async () => {
    expect(await process(component({}))).toEqual([]);
    expect(
      await process(
        component({ 'platform.bookstore.io/tenant': 'acme' }, 'System'),
      ),
    ).toEqual([]);
  });
});
