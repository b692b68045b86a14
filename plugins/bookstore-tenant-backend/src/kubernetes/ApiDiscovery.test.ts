import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  getKubernetesFailure,
  KubernetesApiClient,
} from '@internal/plugin-bookstore-tenant-node';
import {
  FakeKubernetesApi,
  rejectionOf,
  startFakeKubernetesApi,
  testAuthStrategy,
} from '@internal/plugin-bookstore-tenant-node/testUtils';
import { ApiDiscovery, DISCOVERY_TTL_MS } from './ApiDiscovery';

describe('ApiDiscovery', () => {
  let api: FakeKubernetesApi;
  let client: KubernetesApiClient;
  let now: number;
  let discovery: ApiDiscovery;

  beforeAll(async () => {
    api = await startFakeKubernetesApi();
    client = new KubernetesApiClient({
      cluster: {
        name: 'us-east',
        url: api.url,
        authProvider: 'serviceAccount',
        serviceAccountToken: 'token',
        skipTLSVerify: true,
        configKey: 'kubernetes.clusterLocatorMethods[0].clusters[0]',
      },
      authStrategy: testAuthStrategy(),
      timeoutMs: 500,
    });
  });
  afterAll(async () => {
    await client.close();
    await api.close();
  });
  beforeEach(() => {
    api.reset();
    now = 0;
    discovery = new ApiDiscovery({ client, now: () => now });
    api.serveResource({
      apiVersion: 'platform.bookstore.io/v1alpha1',
      kind: 'BookstoreTenant',
      plural: 'bookstoretenants',
      namespaced: true,
    });
    api.serveResource({
      apiVersion: 'platform.bookstore.io/v1alpha1',
      kind: 'XBookstoreTenant',
      plural: 'xbookstoretenants',
      namespaced: false,
    });
    api.serveResource({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      plural: 'resourcequotas',
      namespaced: true,
    });
  });

  it('resolves grouped and core kinds from their discovery documents', async () => {
    await expect(
      discovery.resolve('platform.bookstore.io/v1alpha1', 'XBookstoreTenant'),
    ).resolves.toEqual({
      group: 'platform.bookstore.io',
      version: 'v1alpha1',
      plural: 'xbookstoretenants',
      namespaced: false,
    });
    await expect(discovery.resolve('v1', 'ResourceQuota')).resolves.toEqual({
      group: '',
      version: 'v1',
      plural: 'resourcequotas',
      namespaced: true,
    });
    expect(api.requests.map(r => r.path)).toEqual([
      '/apis/platform.bookstore.io/v1alpha1',
      '/api/v1',
    ]);
  });

  it('reads a group version once while its document is fresh', async () => {
    await discovery.resolve(
      'platform.bookstore.io/v1alpha1',
      'BookstoreTenant',
    );
    await discovery.resolve(
      'platform.bookstore.io/v1alpha1',
      'XBookstoreTenant',
    );
    now += DISCOVERY_TTL_MS - 1;
    await discovery.resolve(
      'platform.bookstore.io/v1alpha1',
      'BookstoreTenant',
    );
    expect(api.requests).toHaveLength(1);

    now += 1;
    await discovery.resolve(
      'platform.bookstore.io/v1alpha1',
      'BookstoreTenant',
    );
    expect(api.requests).toHaveLength(2);
  });

  it('says which kind or group version the cluster does not serve', async () => {
    const missingKind = await rejectionOf(
      discovery.resolve('v1', 'NetworkPolicy'),
    );
    expect(missingKind).toBeInstanceOf(NotFoundError);
    expect(missingKind.message).toBe(
      'Kubernetes cluster us-east: v1 has no kind NetworkPolicy',
    );

    const missingGroup = await rejectionOf(
      discovery.resolve('networking.k8s.io/v1', 'NetworkPolicy'),
    );
    expect(missingGroup.message).toBe(
      'Kubernetes cluster us-east: networking.k8s.io/v1 is not served',
    );
    expect(getKubernetesFailure(missingGroup)).toMatchObject({
      statusCode: 404,
      reason: 'NotFound',
    });
  });

  it('asks again after a failed read', async () => {
    api.fail({ status: 500, message: 'etcdserver: leader changed' });
    const error = await rejectionOf(discovery.resolve('v1', 'ResourceQuota'));
    expect(error).toBeInstanceOf(ServiceUnavailableError);

    api.fail(undefined);
    await expect(
      discovery.resolve('v1', 'ResourceQuota'),
    ).resolves.toMatchObject({ plural: 'resourcequotas' });
    expect(api.requests).toHaveLength(2);
  });
});
