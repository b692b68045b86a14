import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  KubernetesFaultProxy,
  RealKubernetesApi,
  rejectionOf,
  startKubernetesFaultProxy,
  startRealKubernetesApi,
  testAuthStrategy,
} from '@internal/plugin-bookstore-tenant-node/testUtils';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TenantRegionConfig, TenantsConfig } from '../lib/readTenantsConfig';
import { TaskCancelledError } from '../lib/taskCancellation';
import { createBookstoreTenantApplyAction } from './tenantApply';

// A real API server: its start takes seconds.
jest.setTimeout(60_000);

const NAMESPACE = 'bookstore-tenants';
const CLAIM_PATH = `/apis/platform.bookstore.io/v1alpha1/namespaces/${NAMESPACE}/bookstoretenants/acme-books`;

const groups: Entity[] = ['team-payments', 'team-search'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
}));

const applyInput = {
  name: 'acme-books',
  owner: 'group:default/team-payments',
  displayName: 'Acme Books',
  tier: 'standard',
  regions: ['us-east'],
};

/**
 * The tenant action's cluster side against a real kube-apiserver: the CRD
 * derived from the XRD validates the claim, RBAC allows the patch-only
 * applier account nothing more, server-side apply owns fields per manager.
 */
describe('bookstore:tenant:apply against a real API server', () => {
  let api: RealKubernetesApi;
  let proxy: KubernetesFaultProxy;
  let applierToken: string;
  let workspacePath: string;

  beforeAll(async () => {
    api = await startRealKubernetesApi();
    await api.installTenantCrds();
    ({ token: applierToken } = await api.createTenantApplier(NAMESPACE));
    proxy = await startKubernetesFaultProxy(api);
  });
  afterAll(async () => {
    await proxy?.close();
    await api?.stop();
  });
  beforeEach(async () => {
    await api.remove(CLAIM_PATH);
    workspacePath = await mkdtemp(join(tmpdir(), 'tenant-real-'));
  });
  afterEach(async () => {
    await proxy.fault(undefined);
    await rm(workspacePath, { recursive: true, force: true });
  });

  /** The API server (through the proxy) as the cluster of `region`. */
  const clusterOf = (
    region: TenantRegionConfig['region'],
    index: number,
  ): TenantRegionConfig => ({
    region,
    cluster: {
      name: `${region}-1`,
      url: proxy.url,
      authProvider: 'serviceAccount',
      serviceAccountToken: applierToken,
      caData: proxy.caData,
      skipTLSVerify: false,
      configKey: `kubernetes.clusterLocatorMethods[0].clusters[${index}]`,
    },
  });

  function run(
    claimNamespace = NAMESPACE,
    {
      regions = ['us-east'],
      logger = mockServices.logger.mock(),
      signal,
    }: {
      regions?: TenantRegionConfig['region'][];
      logger?: ReturnType<typeof mockServices.logger.mock>;
      signal?: AbortSignal;
    } = {},
  ) {
    const tenants: TenantsConfig = {
      defaultTier: 'starter',
      claimNamespace,
      regions: regions.map(clusterOf),
      teamLabel: 'platform.bookstore.io/team',
      fieldManager: 'bookstore-portal',
      requestTimeoutMs: 5000,
    };
    const action = createBookstoreTenantApplyAction({
      catalog: catalogServiceMock({ entities: groups }),
      tenants,
      authStrategy: testAuthStrategy(),
    });
    const ctx = Object.assign(
      createMockActionContext({
        input: { ...applyInput, regions } as any,
        workspacePath,
        logger,
      }),
      { output: jest.fn(), signal },
    );
    return { done: action.handler(ctx), ctx };
  }

  const writes = () => proxy.requests.filter(r => r.method !== 'GET');

  it('server-side applies a claim the API server accepts, with the patch-only account, once', async () => {
    const first = run();
    await first.done;
    const { status, body: stored } = await api.request('GET', CLAIM_PATH);
    expect(status).toBe(200);
    expect(stored.metadata.labels).toEqual({
      'platform.bookstore.io/team': 'team-payments',
    });
    expect(stored.spec.parameters).toMatchObject({
      owner: 'team-payments',
      tier: 'standard',
      regions: ['us-east'],
    });
    expect(
      stored.metadata.managedFields.map((f: { manager: string }) => f.manager),
    ).toEqual(['bookstore-portal']);
    expect(first.ctx.output).toHaveBeenCalledWith('applied', [
      expect.objectContaining({
        cluster: 'us-east-1',
        uid: stored.metadata.uid,
        resourceVersion: stored.metadata.resourceVersion,
      }),
    ]);

    await run().done;
    const { body: again } = await api.request('GET', CLAIM_PATH);
    expect(again.metadata.resourceVersion).toBe(
      stored.metadata.resourceVersion,
    );
  });

  it('applies nothing when the cluster holds the tenant of another team', async () => {
    await api.put(
      CLAIM_PATH,
      {
        apiVersion: 'platform.bookstore.io/v1alpha1',
        kind: 'BookstoreTenant',
        metadata: {
          name: 'acme-books',
          namespace: NAMESPACE,
          labels: { 'platform.bookstore.io/team': 'team-search' },
        },
        spec: {
          parameters: {
            owner: 'team-search',
            tier: 'starter',
            regions: ['us-east'],
          },
        },
      },
      'kubectl',
    );
    const before = writes().length;
    const error = await rejectionOf(run().done);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      'name: tenant acme-books already exists in region us-east (cluster us-east-1), owned by team-search; choose another name. Already applied: none.',
    );
    expect(writes().length).toBe(before);
  });

  it('fails with the real 409 when another field manager owns a field', async () => {
    await api.put(
      CLAIM_PATH,
      {
        apiVersion: 'platform.bookstore.io/v1alpha1',
        kind: 'BookstoreTenant',
        metadata: {
          name: 'acme-books',
          namespace: NAMESPACE,
          labels: { 'platform.bookstore.io/team': 'team-payments' },
        },
        spec: {
          parameters: {
            owner: 'team-payments',
            tier: 'premium',
            regions: ['us-east'],
          },
        },
      },
      'kubectl-edit',
    );
    const error = await rejectionOf(run().done);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(
      /^Applying BookstoreTenant acme-books failed in region us-east \(cluster us-east-1\): 409 Conflict: Apply failed with \d+ conflicts?: conflicts? with "kubectl-edit".*\.spec\.parameters\.tier/,
    );
  });

  it('is refused by RBAC in a namespace the account may not write', async () => {
    await api.createNamespace('elsewhere');
    const error = await rejectionOf(run('elsewhere').done);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(/403 Forbidden: .*cannot get resource/);
  });

  it('fails the ownership check on a 2xx that is not JSON, and applies nothing', async () => {
    await proxy.fault({
      type: 'body',
      status: 200,
      contentType: 'text/html',
      body: '<html>Sign in</html>',
    });
    const before = writes().length;
    const error = await rejectionOf(run().done);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(/answered 200 without an object in JSON/);
    expect(writes().length).toBe(before);
    expect((await api.request('GET', CLAIM_PATH)).status).toBe(404);
  });

  it('cancelled between regions: applies no further region and says which ones it applied', async () => {
    const controller = new AbortController();
    const logger = mockServices.logger.mock();
    // The task is cancelled as soon as the first region's claim is applied.
    logger.info.mockImplementation(message => {
      if (message.startsWith('Created BookstoreTenant')) {
        controller.abort();
      }
    });
    const before = writes().length;
    const { done, ctx } = run(NAMESPACE, {
      regions: ['us-east', 'eu-west'],
      logger,
      signal: controller.signal,
    });
    const error = await rejectionOf(done);
    const report =
      'The task was cancelled; BookstoreTenant acme-books was applied in: us-east (cluster us-east-1); not applied in: eu-west (cluster eu-west-1)';
    expect(error).toBeInstanceOf(TaskCancelledError);
    expect(error.message).toBe(report);
    expect(logger.warn).toHaveBeenCalledWith(report);
    const { body: stored } = await api.request('GET', CLAIM_PATH);
    expect(ctx.output).toHaveBeenCalledWith('applied', [
      expect.objectContaining({
        cluster: 'us-east-1',
        regions: ['us-east'],
        uid: stored.metadata.uid,
      }),
    ]);
    // One server-side apply reached the API server: the first region's.
    expect(
      writes()
        .slice(before)
        .map(r => r.method),
    ).toEqual(['PATCH']);
  });
});
