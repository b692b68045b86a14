import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  getKubernetesFailure,
  KubernetesApiClient,
} from '@internal/plugin-bookstore-tenant-node';
import {
  KubernetesFaultProxy,
  RealKubernetesApi,
  rejectionOf,
  startKubernetesFaultProxy,
  testAuthStrategy,
} from '@internal/plugin-bookstore-tenant-node/testUtils';
import {
  createPortalReader,
  startTenantServer,
} from '../__testUtils__/tenantServer';
import { ApiDiscovery, DISCOVERY_TTL_MS } from './ApiDiscovery';

jest.setTimeout(60_000);

describe('ApiDiscovery', () => {
  let server: RealKubernetesApi;
  /** The cluster as the portal reaches it; it records the requests. */
  let api: KubernetesFaultProxy;
  let client: KubernetesApiClient;
  let now: number;
  let discovery: ApiDiscovery;

  beforeAll(async () => {
    server = await startTenantServer();
    const reader = await createPortalReader(server, 'us-east');
    api = await startKubernetesFaultProxy(server);
    client = new KubernetesApiClient({
      cluster: {
        name: 'us-east',
        url: api.url,
        authProvider: 'serviceAccount',
        serviceAccountToken: reader.token,
        caData: api.caData,
        skipTLSVerify: false,
        configKey: 'kubernetes.clusterLocatorMethods[0].clusters[0]',
      },
      authStrategy: testAuthStrategy(),
      timeoutMs: 500,
    });
  });
  afterAll(async () => {
    await client?.close();
    await api?.close();
    await server?.stop();
  });
  beforeEach(async () => {
    await api.fault(undefined);
    api.requests.length = 0;
    now = 0;
    discovery = new ApiDiscovery({ client, now: () => now });
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
      discovery.resolve('rbac.example.io/v1', 'RoleBinding'),
    );
    expect(missingGroup.message).toBe(
      'Kubernetes cluster us-east: rbac.example.io/v1 is not served',
    );
    expect(getKubernetesFailure(missingGroup)).toMatchObject({
      statusCode: 404,
      reason: 'NotFound',
    });
  });

  it('asks again after a failed read', async () => {
    await api.fault({
      type: 'status',
      status: 500,
      message: 'etcdserver: leader changed',
    });
    const error = await rejectionOf(discovery.resolve('v1', 'ResourceQuota'));
    expect(error).toBeInstanceOf(ServiceUnavailableError);

    await api.fault(undefined);
    await expect(
      discovery.resolve('v1', 'ResourceQuota'),
    ).resolves.toMatchObject({ plural: 'resourcequotas' });
    expect(api.requests).toHaveLength(2);
  });
});
