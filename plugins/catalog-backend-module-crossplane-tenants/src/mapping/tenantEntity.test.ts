import { claim } from '../__testUtils__/tenants';
import { buildTenantEntities, TenantEntityOptions } from './tenantEntity';
import { parseTenantObject, TenantObject } from './tenantObject';

const options: TenantEntityOptions = {
  providerName: 'crossplane-tenant-provider:default',
  teamLabel: 'platform.bookstore.io/team',
  fallbackOwner: 'group:default/platform-team',
  clusterUrls: new Map([
    ['us-east', 'https://us-east.k8s.example:6443'],
    ['eu-west', 'https://eu-west.k8s.example:6443/'],
  ]),
  plurals: { claim: 'bookstoretenants', composite: 'xbookstoretenants' },
  composedResources: false,
  composedRefsOf: () => undefined,
};

function tenant(
  cluster: string,
  object: unknown,
  source: 'claim' | 'composite' = 'claim',
): TenantObject {
  const parsed = parseTenantObject(object, { cluster, source });
  if (parsed.type !== 'tenant') {
    throw new Error(`not a tenant: ${JSON.stringify(parsed)}`);
  }
  return parsed.tenant;
}

describe('buildTenantEntities', () => {
  it('makes one Resource for a tenant in several clusters, in config order', () => {
    const { entities, warnings } = buildTenantEntities(
      [
        tenant(
          'eu-west',
          claim('acme-books', {
            team: 'team-payments',
            regions: ['eu-west'],
            ready: 'False',
            message: 'Unready resources: quota',
            composite: 'acme-books-w9',
          }),
        ),
        tenant(
          'us-east',
          claim('acme-books', {
            team: 'team-payments',
            regions: ['us-east'],
            tier: 'premium',
            composite: 'acme-books-e1',
          }),
        ),
      ],
      options,
    );
    expect(warnings).toEqual([]);
    expect(entities).toEqual([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'acme-books',
          namespace: 'default',
          title: 'Tenant acme-books',
          description:
            'BookstoreTenant acme-books, premium tier, in us-east, eu-west',
          annotations: {
            'backstage.io/managed-by-location':
              'url:https://us-east.k8s.example:6443/apis/platform.bookstore.io/v1alpha1/namespaces/bookstore-tenants/bookstoretenants/acme-books',
            'backstage.io/managed-by-origin-location':
              'url:https://us-east.k8s.example:6443/apis/platform.bookstore.io/v1alpha1/namespaces/bookstore-tenants/bookstoretenants/acme-books',
            'platform.bookstore.io/tenant-clusters': 'us-east,eu-west',
            'crossplane-tenants.bookstore.io/provider':
              'crossplane-tenant-provider:default',
            'crossplane.io/namespace': 'bookstore-tenants',
            'crossplane.io/claim-name': 'acme-books',
            'crossplane.io/composite-name': 'acme-books-e1',
            'backstage.io/kubernetes-label-selector':
              'crossplane.io/claim-name=acme-books',
          },
          labels: { 'platform.bookstore.io/team': 'team-payments' },
          tags: ['crossplane', 'premium'],
        },
        spec: {
          type: 'bookstore-tenant',
          owner: 'group:default/team-payments',
          tenant: {
            displayName: 'Tenant acme-books',
            tier: 'premium',
            regions: ['us-east', 'eu-west'],
            clusters: [
              expect.objectContaining({
                cluster: 'us-east',
                ready: 'True',
                synced: 'True',
                compositeName: 'acme-books-e1',
              }),
              expect.objectContaining({
                cluster: 'eu-west',
                ready: 'False',
                compositeName: 'acme-books-w9',
                conditions: expect.arrayContaining([
                  {
                    type: 'Ready',
                    status: 'False',
                    reason: 'Creating',
                    message: 'Unready resources: quota',
                  },
                ]),
              }),
            ],
          },
        },
      },
    ]);
  });

  it.each([
    [
      'the team label',
      { team: 'team-search', owner: 'team-payments' },
      'group:default/team-search',
    ],
    [
      'spec.parameters.owner without a label',
      { owner: 'team-payments' },
      'group:default/team-payments',
    ],
    [
      'an owner given as an entity ref',
      { owner: 'group:ops/sre' },
      'group:ops/sre',
    ],
    [
      'the fallback owner when neither is set',
      {},
      'group:default/platform-team',
    ],
  ])('takes the owner from %s', (_, claimOptions, owner) => {
    const { entities } = buildTenantEntities(
      [tenant('us-east', claim('t', claimOptions))],
      options,
    );
    expect(entities[0].spec?.owner).toBe(owner);
  });

  it('falls back, with a warning, when the owner is not an entity reference', () => {
    const { entities, warnings } = buildTenantEntities(
      [tenant('us-east', claim('t', { owner: 'user:' }))],
      options,
    );
    expect(entities[0].spec?.owner).toBe('group:default/platform-team');
    expect(warnings).toEqual([
      "us-east/bookstore-tenants/t: owner 'user:' is not an entity reference; ignored",
    ]);
  });

  it('points the Kubernetes plugin at a Crossplane 2 composite by its composite label', () => {
    const { entities } = buildTenantEntities(
      [
        tenant(
          'us-east',
          {
            apiVersion: 'platform.bookstore.io/v1alpha1',
            kind: 'XBookstoreTenant',
            metadata: { name: 'river', namespace: 'team-search' },
            spec: { parameters: { owner: 'team-search', regions: [] } },
          },
          'composite',
        ),
      ],
      options,
    );
    expect(entities[0].metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-label-selector': 'crossplane.io/composite=river',
      'crossplane.io/composite-name': 'river',
      'backstage.io/managed-by-location':
        'url:https://us-east.k8s.example:6443/apis/platform.bookstore.io/v1alpha1/namespaces/team-search/xbookstoretenants/river',
    });
    expect(entities[0].metadata.annotations).not.toHaveProperty(
      'crossplane.io/claim-name',
    );
  });

  it('emits the composed resources, when asked, as dependencies of the tenant', () => {
    const { entities } = buildTenantEntities(
      [
        tenant('us-east', claim('acme', { composite: 'acme-e1' })),
        tenant('eu-west', claim('acme', { composite: 'acme-w1' })),
      ],
      {
        ...options,
        composedResources: true,
        composedRefsOf: (cluster, composite) =>
          ((
            {
              'us-east/acme-e1': [
                { apiVersion: 'v1', kind: 'Namespace', name: 'acme-us-east' },
                {
                  apiVersion: 'v1',
                  kind: 'ResourceQuota',
                  name: 'quota',
                  namespace: 'acme-us-east',
                },
              ],
              'eu-west/acme-w1': [
                { apiVersion: 'v1', kind: 'Namespace', name: 'acme-eu-west' },
              ],
            } as Record<string, any>
          )[`${cluster}/${composite}`]),
      },
    );
    expect(
      entities.map(e => [
        e.metadata.name,
        e.spec?.type,
        e.spec?.dependencyOf,
        e.metadata.annotations?.['platform.bookstore.io/tenant-clusters'],
      ]),
    ).toEqual([
      ['acme', 'bookstore-tenant', undefined, 'us-east,eu-west'],
      [
        'acme-namespace-acme-us-east',
        'namespace',
        ['resource:default/acme'],
        'us-east',
      ],
      [
        'acme-resourcequota-quota',
        'resourcequota',
        ['resource:default/acme'],
        'us-east',
      ],
      [
        'acme-namespace-acme-eu-west',
        'namespace',
        ['resource:default/acme'],
        'eu-west',
      ],
    ]);
    expect(entities[1].spec?.owner).toBe('group:default/platform-team');
  });

  it('makes nothing of no objects', () => {
    expect(buildTenantEntities([], options)).toEqual({
      entities: [],
      warnings: [],
    });
  });
});
