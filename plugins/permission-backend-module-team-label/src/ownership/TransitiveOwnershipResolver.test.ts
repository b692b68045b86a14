import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TransitiveOwnershipResolver } from './TransitiveOwnershipResolver';

function group(name: string, parent?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: parent
      ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
      : [],
  };
}

function user(name: string, memberOf: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf },
    relations: memberOf.map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  };
}

/** The catalog's in-memory test double holding `groups`, recording each lookup. */
function catalogOf(groups: Entity[]) {
  const catalog = catalogServiceMock({ entities: groups });
  const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
  return {
    catalog,
    getEntitiesByRefs,
    /** The refs asked for, call by call. */
    lookups: () => getEntitiesByRefs.mock.calls.map(([req]) => req.entityRefs),
  };
}

const auth = mockServices.auth({ pluginId: 'auth' });
const resolverFor = (catalog: ReturnType<typeof catalogOf>['catalog']) =>
  new TransitiveOwnershipResolver({ catalog, auth });

const org = [
  group('bookstore'),
  group('engineering', 'bookstore'),
  group('portal-admins', 'bookstore'),
  group('team-payments', 'engineering'),
  group('platform-team', 'engineering'),
];

describe('TransitiveOwnershipResolver', () => {
  it('adds every parent group of the direct groups, one lookup per level', async () => {
    const catalog = catalogOf(org);
    const resolver = resolverFor(catalog.catalog);
    await expect(
      resolver.resolveOwnershipEntityRefs(user('alice', ['team-payments'])),
    ).resolves.toEqual({
      ownershipEntityRefs: [
        'user:default/alice',
        'group:default/team-payments',
        'group:default/engineering',
        'group:default/bookstore',
      ],
    });
    expect(catalog.lookups()).toEqual([
      ['group:default/team-payments'],
      ['group:default/engineering'],
      ['group:default/bookstore'],
    ]);
  });

  it("reads only the groups' relations, as the auth plugin itself", async () => {
    const catalog = catalogOf(org);
    await resolverFor(catalog.catalog).resolveOwnershipEntityRefs(
      user('alice', ['team-payments']),
    );
    for (const [request, options] of catalog.getEntitiesByRefs.mock.calls) {
      expect(request.fields).toEqual(['relations']);
      expect(options).toEqual({
        credentials: mockCredentials.service('plugin:auth'),
      });
    }
  });

  it('looks each shared ancestor up once', async () => {
    const catalog = catalogOf(org);
    const resolver = resolverFor(catalog.catalog);
    const { ownershipEntityRefs } = await resolver.resolveOwnershipEntityRefs(
      user('carol', ['platform-team', 'portal-admins']),
    );
    expect(ownershipEntityRefs).toEqual([
      'user:default/carol',
      'group:default/platform-team',
      'group:default/portal-admins',
      'group:default/engineering',
      'group:default/bookstore',
    ]);
    expect(
      catalog
        .lookups()
        .flat()
        .filter(r => r.endsWith('/bookstore')),
    ).toEqual(['group:default/bookstore']);
  });

  it('stops at a cycle and at groups the catalog does not hold', async () => {
    const catalog = catalogOf([group('a', 'b'), group('b', 'a')]);
    const resolver = resolverFor(catalog.catalog);
    await expect(
      resolver.resolveOwnershipEntityRefs(user('zed', ['a', 'ghost'])),
    ).resolves.toEqual({
      ownershipEntityRefs: [
        'user:default/zed',
        'group:default/a',
        'group:default/ghost',
        'group:default/b',
      ],
    });
  });

  it('needs no lookup for a user without groups', async () => {
    const catalog = catalogOf(org);
    const resolver = resolverFor(catalog.catalog);
    await expect(
      resolver.resolveOwnershipEntityRefs(user('newbie', [])),
    ).resolves.toEqual({ ownershipEntityRefs: ['user:default/newbie'] });
    expect(catalog.lookups()).toEqual([]);
  });

  it('fails the sign-in when the catalog cannot be read', async () => {
    const resolver = resolverFor(
      catalogServiceMock.mock({
        getEntitiesByRefs: async () => {
          throw new Error('catalog unavailable');
        },
      }),
    );
    await expect(
      resolver.resolveOwnershipEntityRefs(user('alice', ['team-payments'])),
    ).rejects.toThrow('catalog unavailable');
  });
});
