import { tenantClusterState } from '@internal/plugin-bookstore-tenant-common/testUtils';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogServiceRequestOptions } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  KubernetesFaultProxy,
  RealKubernetesApi,
  startKubernetesFaultProxy,
} from '@internal/plugin-bookstore-tenant-node/testUtils';
import { Server } from 'node:http';
import request from 'supertest';
import {
  CLAIM_PATH,
  COMPOSITE_PATH,
  databaseEntity,
  namespaceRef,
  networkPolicyRef,
  putTenant,
  quotaRef,
  roleBindingRef,
  TENANT_API,
  tenantEntity,
  tenantParameters,
} from './__testUtils__/tenantFixtures';
import {
  createPortalReader,
  startTenantServer,
} from './__testUtils__/tenantServer';
import bookstoreTenantPlugin from './index';

jest.setTimeout(60_000);

const OUTSIDER = 'user:default/outsider';

const readyConditions = [
  { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
  { type: 'Ready', status: 'True', reason: 'Available' },
];

/** The healthy cluster's answer for acme-books. */
const usEastState = {
  cluster: 'us-east',
  namespace: 'bookstore-tenants',
  name: 'acme-books',
  claim: {
    apiVersion: TENANT_API,
    kind: 'BookstoreTenant',
    name: 'acme-books',
    namespace: 'bookstore-tenants',
    ready: 'True',
    synced: 'True',
    conditions: readyConditions,
  },
  composite: {
    apiVersion: TENANT_API,
    kind: 'XBookstoreTenant',
    name: 'acme-books-x7k2p',
    ready: 'True',
    synced: 'True',
    conditions: readyConditions,
  },
  composed: [
    { ...namespaceRef, conditions: [] },
    { ...quotaRef, conditions: [] },
    { ...networkPolicyRef, conditions: [] },
  ],
  events: [
    {
      type: 'Normal',
      reason: 'BindCompositeResource',
      message: 'Successfully bound composite resource',
      count: 2,
      lastSeen: '2025-05-01T10:02:00Z',
    },
    {
      type: 'Normal',
      reason: 'ConfigureCompositeResource',
      message: 'Successfully applied composite resource',
      count: 1,
      lastSeen: '2025-05-01T10:00:00Z',
    },
    {
      type: 'Warning',
      reason: 'ConfigureCompositeResource',
      message: 'cannot apply composite resource: quota webhook timed out',
      count: 3,
      lastSeen: '2025-05-01T09:58:00Z',
    },
  ],
};

describe('the bookstore-tenant backend', () => {
  /** us-east and eu-west: two clusters of Crossplane v1 (one server, each behind its proxy). */
  let v1Api: RealKubernetesApi;
  /** ap-southeast: Crossplane v2, where the tenant is a namespaced composite resource. */
  let v2Api: RealKubernetesApi;
  let usEast: KubernetesFaultProxy;
  let euWest: KubernetesFaultProxy;
  let apSoutheast: KubernetesFaultProxy;
  let server: Server;
  let stopBackend: () => Promise<void>;
  let catalogCalls: Array<{ ref: unknown; options: unknown }>;
  /** The token of eu-west's portal account, whose role a test takes away. */
  let euWestToken: string;

  /** Waits until the claim answers `status` to `token` (RBAC changes take a moment). */
  const untilAnswered = async (token: string, status: number) => {
    for (let tries = 0; ; tries++) {
      const answer = await v1Api.request('GET', CLAIM_PATH, undefined, {
        token,
      });
      if (answer.status === status) {
        return;
      }
      if (tries === 100) {
        throw new Error(`the claim still answers ${answer.status}`);
      }
      await new Promise(done => setTimeout(done, 50));
    }
  };

  const entities: Entity[] = [
    tenantEntity('acme-books', [
      tenantClusterState('us-east'),
      tenantClusterState('eu-west'),
    ]),
    tenantEntity('lost-books', [
      tenantClusterState('us-east'),
      tenantClusterState('eu-central'),
    ]),
    tenantEntity('v2-books', [
      tenantClusterState('ap-southeast', {
        source: 'composite',
        kind: 'XBookstoreTenant',
        namespace: 'team-payments',
        name: 'v2-books',
        compositeName: 'v2-books',
      }),
    ]),
    databaseEntity,
  ];

  beforeAll(async () => {
    [v1Api, v2Api] = await Promise.all([
      startTenantServer('Cluster'),
      startTenantServer('Namespaced'),
    ]);
    await putTenant(v1Api);
    const [usEastReader, euWestReader, apSoutheastReader] = await Promise.all([
      createPortalReader(v1Api, 'us-east'),
      createPortalReader(v1Api, 'eu-west'),
      createPortalReader(v2Api, 'ap-southeast'),
    ]);
    euWestToken = euWestReader.token;
    [usEast, euWest, apSoutheast] = await Promise.all([
      startKubernetesFaultProxy(v1Api),
      startKubernetesFaultProxy(v1Api),
      startKubernetesFaultProxy(v2Api),
    ]);
    const store = catalogServiceMock({ entities });
    // The catalog decides with the caller's credentials: as a permission policy
    // could, it hides every entity from one user.
    const catalog = catalogServiceMock.mock({
      async getEntityByRef(ref, options) {
        catalogCalls.push({ ref, options });
        const principal = (options as CatalogServiceRequestOptions).credentials
          .principal as { userEntityRef?: string };
        if (principal.userEntityRef === OUTSIDER) {
          return undefined;
        }
        return store.getEntityByRef(ref);
      },
    });
    const cluster = (
      name: string,
      proxy: KubernetesFaultProxy,
      token: string,
    ) => ({
      name,
      url: proxy.url,
      authProvider: 'serviceAccount',
      serviceAccountToken: token,
      caData: proxy.caData,
    });
    const backend = await startTestBackend({
      features: [
        bookstoreTenantPlugin,
        catalog.factory,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    cluster('us-east', usEast, usEastReader.token),
                    cluster('eu-west', euWest, euWestReader.token),
                    cluster(
                      'ap-southeast',
                      apSoutheast,
                      apSoutheastReader.token,
                    ),
                  ],
                },
              ],
            },
            bookstore: { tenants: { live: { requestTimeoutMs: 500 } } },
          },
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
  });
  afterAll(async () => {
    await stopBackend?.();
    await Promise.all([usEast, euWest, apSoutheast].map(p => p?.close()));
    await Promise.all([v1Api, v2Api].map(api => api?.stop()));
  });
  beforeEach(() => {
    catalogCalls = [];
    for (const proxy of [usEast, euWest, apSoutheast]) {
      proxy.requests.length = 0;
    }
  });
  afterEach(async () => {
    await euWest?.fault(undefined);
  });

  const getTenant = (name: string, header = mockCredentials.user.header()) =>
    request(server)
      .get(`/api/bookstore-tenant/tenants/default/${name}`)
      .set('Authorization', header);

  it('answers the claim, composite, composed resources and events of every cluster', async () => {
    const response = await getTenant(
      'acme-books',
      mockCredentials.user.header('user:default/jane'),
    );

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      entityRef: 'resource:default/acme-books',
      clusters: [usEastState, { ...usEastState, cluster: 'eu-west' }],
    });
    expect(catalogCalls).toEqual([
      {
        ref: 'resource:default/acme-books',
        options: { credentials: mockCredentials.user('user:default/jane') },
      },
    ]);
    expect(
      usEast.requests.find(r => r.path.endsWith('/events'))?.query,
    ).toEqual({
      fieldSelector:
        'involvedObject.name=acme-books,involvedObject.kind=BookstoreTenant',
      limit: '500',
    });
  });

  it('keeps what discovery said about a cluster for the next requests', async () => {
    await getTenant('acme-books');
    usEast.requests.length = 0;

    await getTenant('acme-books');

    // Only the objects and the events: no discovery document (requests in parallel, so sorted).
    expect(usEast.requests.map(r => r.path).sort()).toEqual(
      [
        CLAIM_PATH,
        '/api/v1/namespaces/bookstore-tenants/events',
        COMPOSITE_PATH,
        '/api/v1/namespaces/acme-books-us-east',
        '/api/v1/namespaces/acme-books-us-east/resourcequotas/tenant-quota',
        '/apis/networking.k8s.io/v1/namespaces/acme-books-us-east/networkpolicies/default-deny-except-platform',
      ].sort(),
    );
  });

  it("gives a cluster that refuses its own error and keeps the other's answer", async () => {
    const binding =
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/bookstore-portal-eu-west';
    await v1Api.remove(binding);
    await untilAnswered(euWestToken, 403);
    try {
      const response = await getTenant('acme-books');

      expect(response.status).toBe(200);
      expect(response.body.clusters).toEqual([
        usEastState,
        {
          cluster: 'eu-west',
          namespace: 'bookstore-tenants',
          name: 'acme-books',
          composed: [],
          events: [],
          error: {
            statusCode: 403,
            reason: 'Forbidden',
            message:
              'Kubernetes cluster eu-west: 403 Forbidden: bookstoretenants.platform.bookstore.io "acme-books" is forbidden: User "system:serviceaccount:bookstore-portal:eu-west" cannot get resource "bookstoretenants" in API group "platform.bookstore.io" in the namespace "bookstore-tenants"',
          },
        },
      ]);
    } finally {
      await createPortalReader(v1Api, 'eu-west');
      await untilAnswered(euWestToken, 200);
    }
  });

  it('gives a cluster that does not answer a timeout error', async () => {
    await euWest.fault({ type: 'hang' });

    const response = await getTenant('acme-books');

    expect(response.status).toBe(200);
    expect(response.body.clusters).toEqual([
      usEastState,
      expect.objectContaining({
        cluster: 'eu-west',
        error: {
          reason: 'Timeout',
          message: 'Kubernetes cluster eu-west: timed out after 500 ms',
        },
      }),
    ]);
  });

  it('says which cluster is not configured', async () => {
    const response = await getTenant('lost-books');

    expect(response.status).toBe(200);
    expect(response.body.clusters[0]).toEqual(usEastState);
    expect(response.body.clusters[1]).toEqual({
      cluster: 'eu-central',
      namespace: 'bookstore-tenants',
      name: 'acme-books',
      composed: [],
      events: [],
      error: {
        message:
          'Kubernetes cluster eu-central is not configured in this portal (kubernetes.clusterLocatorMethods, type: config); configured clusters: us-east, eu-west, ap-southeast',
      },
    });
  });

  it('marks a composed resource it cannot read, and keeps the others', async () => {
    await putTenant(v1Api, {
      extraRefs: [
        roleBindingRef,
        { ...roleBindingRef, apiVersion: 'rbac.example.io/v1' },
        { apiVersion: 'v1', kind: 'ResourceQuota', name: 'stray-quota' },
      ],
    });

    const response = await getTenant('acme-books');
    await putTenant(v1Api);

    expect(response.body.clusters[0].composed).toEqual([
      ...usEastState.composed,
      {
        ...roleBindingRef,
        conditions: [],
        error: {
          statusCode: 404,
          reason: 'NotFound',
          message:
            'Kubernetes cluster us-east: RoleBinding acme-books-us-east/team-payments-edit not found',
        },
      },
      {
        ...roleBindingRef,
        apiVersion: 'rbac.example.io/v1',
        conditions: [],
        error: {
          statusCode: 404,
          reason: 'NotFound',
          message:
            'Kubernetes cluster us-east: rbac.example.io/v1 is not served',
        },
      },
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        name: 'stray-quota',
        conditions: [],
        error: {
          message:
            'Kubernetes cluster us-east: ResourceQuota stray-quota is namespaced but its reference names no namespace',
        },
      },
    ]);
  });

  it('reads a Crossplane v2 namespaced composite resource and what it composed', async () => {
    await v2Api.createNamespace('team-payments');
    await v2Api.put(
      `/apis/${TENANT_API}/namespaces/team-payments/xbookstoretenants/v2-books`,
      {
        apiVersion: TENANT_API,
        kind: 'XBookstoreTenant',
        metadata: { name: 'v2-books', namespace: 'team-payments' },
        spec: {
          parameters: tenantParameters,
          crossplane: {
            resourceRefs: [
              { apiVersion: 'v1', kind: 'ResourceQuota', name: 'tenant-quota' },
            ],
          },
        },
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'Creating',
              message: 'Unready resources: quota',
            },
          ],
        },
      },
    );
    await v2Api.put(
      '/api/v1/namespaces/team-payments/resourcequotas/tenant-quota',
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'tenant-quota', namespace: 'team-payments' },
      },
    );

    const response = await getTenant('v2-books');

    expect(response.body.clusters).toEqual([
      {
        cluster: 'ap-southeast',
        namespace: 'team-payments',
        name: 'v2-books',
        composite: {
          apiVersion: TENANT_API,
          kind: 'XBookstoreTenant',
          name: 'v2-books',
          namespace: 'team-payments',
          ready: 'False',
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'Creating',
              message: 'Unready resources: quota',
            },
          ],
        },
        composed: [
          {
            apiVersion: 'v1',
            kind: 'ResourceQuota',
            name: 'tenant-quota',
            namespace: 'team-payments',
            conditions: [],
          },
        ],
        events: [],
      },
    ]);
  });

  it('answers 404 for an entity that does not exist', async () => {
    const response = await getTenant('no-such-tenant');

    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'No entity resource:default/no-such-tenant',
    });
    expect(usEast.requests).toEqual([]);
  });

  it('answers 404 for a Resource that is not a tenant', async () => {
    const response = await getTenant('orders-db');

    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe(
      'resource:default/orders-db is not a tenant (spec.type bookstore-tenant)',
    );
  });

  it('answers 404 when the catalog does not let the caller see the tenant', async () => {
    const response = await getTenant(
      'acme-books',
      mockCredentials.user.header(OUTSIDER),
    );

    expect(response.status).toBe(404);
    expect(usEast.requests).toEqual([]);
  });

  it('answers services too', async () => {
    const response = await getTenant(
      'acme-books',
      mockCredentials.service.header(),
    );

    expect(response.status).toBe(200);
    expect(catalogCalls[0].options).toEqual({
      credentials: mockCredentials.service(),
    });
  });

  it('answers 401 without credentials', async () => {
    const response = await getTenant(
      'acme-books',
      mockCredentials.none.header(),
    );

    expect(response.status).toBe(401);
    expect(catalogCalls).toEqual([]);
    expect(usEast.requests).toEqual([]);
  });
});
