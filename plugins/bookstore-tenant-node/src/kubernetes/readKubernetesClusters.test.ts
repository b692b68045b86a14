import { ConfigReader } from '@backstage/config';
import { readKubernetesClusters } from './readKubernetesClusters';

type JsonValue = NonNullable<
  ConstructorParameters<typeof ConfigReader>[0]
>[string];

function configWith(clusterLocatorMethods: JsonValue) {
  return new ConfigReader({ kubernetes: { clusterLocatorMethods } });
}

describe('readKubernetesClusters', () => {
  it('reads the clusters of every config locator method, as the Kubernetes plugin does', () => {
    const config = configWith([
      { type: 'catalog' },
      {
        type: 'config',
        clusters: [
          {
            name: 'us-east-1',
            url: 'https://us-east-1.example:6443',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'token-1',
            caData: 'Q0E=',
          },
        ],
      },
      {
        type: 'config',
        clusters: [
          {
            name: 'eu-west-1',
            url: 'https://eu-west-1.example:6443',
            authProvider: 'serviceAccount',
            skipTLSVerify: true,
          },
        ],
      },
    ]);
    expect(readKubernetesClusters(config)).toEqual([
      {
        name: 'us-east-1',
        url: 'https://us-east-1.example:6443',
        authProvider: 'serviceAccount',
        serviceAccountToken: 'token-1',
        caData: 'Q0E=',
        caFile: undefined,
        skipTLSVerify: false,
        configKey: 'kubernetes.clusterLocatorMethods[1].clusters[0]',
      },
      {
        name: 'eu-west-1',
        url: 'https://eu-west-1.example:6443',
        authProvider: 'serviceAccount',
        serviceAccountToken: undefined,
        caData: undefined,
        caFile: undefined,
        skipTLSVerify: true,
        configKey: 'kubernetes.clusterLocatorMethods[2].clusters[0]',
      },
    ]);
  });

  it('has no clusters without Kubernetes config, or with an empty list', () => {
    expect(readKubernetesClusters(new ConfigReader({}))).toEqual([]);
    expect(
      readKubernetesClusters(configWith([{ type: 'config', clusters: [] }])),
    ).toEqual([]);
  });

  it.each([
    ['name', { url: 'https://x', authProvider: 'serviceAccount' }],
    ['url', { name: 'us-east-1', authProvider: 'serviceAccount' }],
    ['authProvider', { name: 'us-east-1', url: 'https://x' }],
  ])('names the missing key %s', (key, cluster) => {
    expect(() =>
      readKubernetesClusters(
        configWith([{ type: 'config', clusters: [cluster] }]),
      ),
    ).toThrow(
      `Missing required config value 'kubernetes.clusterLocatorMethods[0].clusters[0].${key}'`,
    );
  });

  it('names the cluster whose url is missing', () => {
    expect(() =>
      readKubernetesClusters(
        configWith([
          {
            type: 'config',
            clusters: [{ name: 'us-east-1', authProvider: 'serviceAccount' }],
          },
        ]),
      ),
    ).toThrow("(cluster 'us-east-1')");
  });

  it('refuses a cluster name used twice', () => {
    const cluster = {
      name: 'us-east-1',
      url: 'https://x',
      authProvider: 'serviceAccount',
    };
    expect(() =>
      readKubernetesClusters(
        configWith([{ type: 'config', clusters: [cluster, cluster] }]),
      ),
    ).toThrow(
      "Kubernetes cluster name 'us-east-1' is used twice: kubernetes.clusterLocatorMethods[0].clusters[0].name and kubernetes.clusterLocatorMethods[0].clusters[1].name",
    );
  });
});
