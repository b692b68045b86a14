import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readProviderConfigs } from './CrossplaneTenantEntityProviderConfig';

const schedule = { frequency: { minutes: 30 }, timeout: { minutes: 3 } };

function read(crossplaneTenants: JsonObject) {
  return readProviderConfigs(
    new ConfigReader({ catalog: { providers: { crossplaneTenants } } }),
  );
}

describe('readProviderConfigs', () => {
  it('reads no providers without a section', () => {
    expect(readProviderConfigs(new ConfigReader({}))).toEqual([]);
  });

  it('applies the defaults to a single instance', () => {
    expect(read({ fallbackOwner: 'platform-team', schedule })).toEqual([
      {
        id: 'default',
        fallbackOwner: 'group:default/platform-team',
        schedule: { frequency: { minutes: 30 }, timeout: { minutes: 3 } },
        clusters: undefined,
        teamLabel: 'platform.bookstore.io/team',
        excludeNamespaces: [],
        claims: {
          group: 'platform.bookstore.io',
          version: 'v1alpha1',
          plural: 'bookstoretenants',
        },
        composites: {
          group: 'platform.bookstore.io',
          version: 'v1alpha1',
          plural: 'xbookstoretenants',
        },
        composedResources: false,
        watch: true,
        watchLease: { seconds: 15 },
        pageSize: 500,
        requestTimeoutMs: 10000,
      },
    ]);
  });

  it('reads several instances keyed by id, with every option', () => {
    const [a, b] = read({
      east: {
        fallbackOwner: 'group:ops/sre',
        schedule,
        clusters: ['us-east'],
        teamLabel: 'example.com/team',
        excludeNamespaces: ['sandbox'],
        claims: false,
        composites: { group: 'example.com', version: 'v2', plural: 'tenants' },
        composedResources: true,
        watch: false,
        watchLease: { seconds: 5 },
        pageSize: 50,
        requestTimeoutMs: 2000,
      },
      west: { fallbackOwner: 'platform-team', schedule },
    });
    expect(a).toMatchObject({
      id: 'east',
      fallbackOwner: 'group:ops/sre',
      clusters: ['us-east'],
      teamLabel: 'example.com/team',
      excludeNamespaces: ['sandbox'],
      claims: undefined,
      composites: { group: 'example.com', version: 'v2', plural: 'tenants' },
      composedResources: true,
      watch: false,
      watchLease: { seconds: 5 },
      pageSize: 50,
      requestTimeoutMs: 2000,
    });
    expect(b.id).toBe('west');
  });

  it.each([
    [
      { schedule },
      "Missing required config value at 'catalog.providers.crossplaneTenants.fallbackOwner'",
    ],
    [
      { fallbackOwner: 'platform-team' },
      "Missing required config value 'catalog.providers.crossplaneTenants.schedule'",
    ],
    [
      { fallbackOwner: 'user:', schedule },
      "catalog.providers.crossplaneTenants.fallbackOwner 'user:' is not an entity ref",
    ],
    [
      {
        fallbackOwner: 'platform-team',
        schedule,
        claims: false,
        composites: false,
      },
      'catalog.providers.crossplaneTenants: claims and composites are both false',
    ],
    [
      { fallbackOwner: 'platform-team', schedule, pageSize: 0 },
      'catalog.providers.crossplaneTenants.pageSize must be a positive whole number',
    ],
  ])('refuses %j clearly', (instance, message) => {
    expect(() => read(instance)).toThrow(message);
  });
});
