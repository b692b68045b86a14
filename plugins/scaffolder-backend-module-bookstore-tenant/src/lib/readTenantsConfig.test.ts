import { ConfigReader } from '@backstage/config';
import { readTenantsConfig } from './readTenantsConfig';

const clusters = {
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'us-east-1',
            url: 'https://us-east-1.example:6443',
            authProvider: 'serviceAccount',
          },
          {
            name: 'eu-west-1',
            url: 'https://eu-west-1.example:6443',
            authProvider: 'serviceAccount',
          },
        ],
      },
    ],
  },
};

type JsonValue = NonNullable<
  ConstructorParameters<typeof ConfigReader>[0]
>[string];

function read(tenants: JsonValue, extra: object = clusters) {
  return readTenantsConfig(
    new ConfigReader({ ...extra, bookstore: { tenants } }),
  );
}

describe('readTenantsConfig', () => {
  it('fills in every default when bookstore.tenants is absent', () => {
    expect(readTenantsConfig(new ConfigReader({}))).toEqual({
      defaultTier: 'starter',
      claimNamespace: 'bookstore-tenants',
      regions: [
        { region: 'us-east' },
        { region: 'eu-west' },
        { region: 'ap-southeast' },
      ],
      teamLabel: 'platform.bookstore.io/team',
      fieldManager: 'bookstore-portal',
      requestTimeoutMs: 10000,
    });
  });

  it('resolves each region to its cluster in kubernetes.clusterLocatorMethods', () => {
    const config = read({
      defaultTier: 'standard',
      claimNamespace: 'tenants',
      regions: {
        'us-east': { cluster: 'us-east-1' },
        'eu-west': { cluster: 'eu-west-1' },
        'ap-southeast': {},
      },
      teamLabel: 'example.com/team',
      fieldManager: 'portal',
      requestTimeoutMs: 2000,
    });
    expect(config).toMatchObject({
      defaultTier: 'standard',
      claimNamespace: 'tenants',
      teamLabel: 'example.com/team',
      fieldManager: 'portal',
      requestTimeoutMs: 2000,
    });
    expect(
      config.regions.map(r => [r.region, r.cluster?.name, r.cluster?.url]),
    ).toEqual([
      ['us-east', 'us-east-1', 'https://us-east-1.example:6443'],
      ['eu-west', 'eu-west-1', 'https://eu-west-1.example:6443'],
      ['ap-southeast', undefined, undefined],
    ]);
  });

  it.each([
    [
      'a cluster that is not configured',
      { regions: { 'eu-west': { cluster: 'eu-west-9' } } },
      "Invalid config value at 'bookstore.tenants.regions.eu-west.cluster': cluster 'eu-west-9' is not in kubernetes.clusterLocatorMethods (type: config); configured clusters: us-east-1, eu-west-1",
    ],
    [
      'a region the XRD does not have',
      { regions: { 'mars-north': {} } },
      "Invalid config value at 'bookstore.tenants.regions.mars-north': 'mars-north' is not one of us-east, eu-west, ap-southeast",
    ],
    [
      'an unknown default tier',
      { defaultTier: 'gold' },
      "Invalid config value at 'bookstore.tenants.defaultTier': 'gold' is not one of starter, standard, premium",
    ],
    [
      'a claim namespace that is not a namespace name',
      { claimNamespace: 'Bookstore_Tenants' },
      "Invalid config value at 'bookstore.tenants.claimNamespace': 'Bookstore_Tenants' is not a Kubernetes namespace name (a DNS-1123 label)",
    ],
    [
      'a team label that is not a label key',
      { teamLabel: 'team label' },
      "Invalid config value at 'bookstore.tenants.teamLabel': 'team label' is not a Kubernetes label key",
    ],
    [
      'no regions',
      { regions: {} },
      "Invalid config value at 'bookstore.tenants.regions': offer at least one region (us-east, eu-west, ap-southeast)",
    ],
  ])('fails at startup on %s', (_case, tenants, message) => {
    expect(() => read(tenants)).toThrow(message);
  });

  it('says when there are no clusters at all', () => {
    expect(() =>
      read({ regions: { 'us-east': { cluster: 'us-east-1' } } }, {}),
    ).toThrow('configured clusters: none');
  });
});
