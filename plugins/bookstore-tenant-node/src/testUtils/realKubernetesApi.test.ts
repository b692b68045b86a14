import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiException,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  VersionApi,
  Watch,
} from '@kubernetes/client-node';
import {
  TENANT_API_GROUP,
  TENANT_API_VERSION,
  TENANT_CLAIM_KIND,
  TENANT_CLAIM_PLURAL,
} from '@internal/plugin-bookstore-tenant-common';
import { rejectionOf } from './rejectionOf';
import { RealKubernetesApi, startRealKubernetesApi } from './realKubernetesApi';

const API_VERSION = `${TENANT_API_GROUP}/${TENANT_API_VERSION}`;
const CLAIMS = `/apis/${API_VERSION}/namespaces`;

function kubeConfig(api: RealKubernetesApi, token: string) {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'real', server: api.url, caData: api.caData }],
    users: [{ name: 'user', token }],
    contexts: [{ name: 'real', cluster: 'real', user: 'user' }],
    currentContext: 'real',
  });
  return config;
}

function claim(
  namespace: string,
  name: string,
  parameters: Record<string, unknown>,
) {
  return {
    apiVersion: API_VERSION,
    kind: TENANT_CLAIM_KIND,
    metadata: { namespace, name },
    spec: { parameters },
  };
}

const valid = { owner: 'team-orders', tier: 'standard', regions: ['us-east'] };

/** The code and the Status message the API server rejected a request with. */
async function refusal(promise: Promise<unknown>) {
  const error = await rejectionOf(promise);
  if (!(error instanceof ApiException)) {
    throw error;
  }
  const body =
    typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
  return { code: error.code, message: String(body?.message) };
}

/** The events of one watch until the server ends it (`timeoutSeconds`). */
async function watchUntilEnd(
  config: KubeConfig,
  path: string,
  query: Record<string, string | number | boolean>,
) {
  const events: { type: string; object: any }[] = [];
  await new Promise<void>((done, fail) => {
    new Watch(config)
      .watch(
        path,
        query,
        (type, object) => events.push({ type, object }),
        error => (error ? fail(error) : done()),
      )
      .catch(fail);
  });
  return events;
}

// Real servers: a start takes seconds, a compaction restarts the API server.
jest.setTimeout(60_000);

describe('startRealKubernetesApi', () => {
  let api: RealKubernetesApi;
  let admin: KubeConfig;
  let objects: KubernetesObjectApi;

  beforeAll(async () => {
    api = await startRealKubernetesApi();
    await api.installTenantCrds();
    admin = kubeConfig(api, api.adminToken);
    objects = admin.makeApiClient(KubernetesObjectApi);
  });

  afterAll(async () => {
    await api?.stop();
  });

  /**
   * A page of claims as the server sent it. (KubernetesObjectApi.list drops
   * `metadata.continue` of custom resource lists; CustomObjectsApi keeps it.)
   */
  const listClaims = (
    namespace: string,
    page: { limit?: number; _continue?: string } = {},
  ) =>
    admin.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
      group: TENANT_API_GROUP,
      version: TENANT_API_VERSION,
      namespace,
      plural: TENANT_CLAIM_PLURAL,
      ...page,
    });

  const apply = (
    object: KubernetesObject,
    fieldManager: string,
    force = false,
    client = objects,
  ) =>
    client.patch(
      object,
      undefined,
      undefined,
      fieldManager,
      force,
      PatchStrategy.ServerSideApply,
    );

  it('says to run the build script when the binaries are missing', async () => {
    const error = await rejectionOf(
      startRealKubernetesApi({ binaryDir: join(tmpdir(), 'no-kube-binaries') }),
    );
    expect(error.message).toContain('kube-apiserver is missing');
    expect(error.message).toContain('Run scripts/kube-test-server/build.sh');
  });

  it('is the Kubernetes version scripts/kube-test-server pins, over HTTPS with its CA', async () => {
    const version = await admin.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe('v1.37.2');
    expect(api.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  describe('the BookstoreTenant CRD derived from the contract', () => {
    beforeAll(() => api.createNamespace('team-orders'));

    it('accepts a valid claim', async () => {
      const created = await apply(
        claim('team-orders', 'orders-books', valid),
        'bookstore-portal',
      );
      expect(created.metadata?.uid).toEqual(expect.any(String));
      expect((created as any).spec.parameters).toEqual(valid);
    });

    it('rejects an unknown region, naming the field', async () => {
      const { code, message } = await refusal(
        apply(
          claim('team-orders', 'bad-region', {
            ...valid,
            regions: ['us-east', 'mars'],
          }),
          'bookstore-portal',
        ),
      );
      expect(code).toBe(422);
      expect(message).toContain('spec.parameters.regions[1]');
      expect(message).toContain('Unsupported value: "mars"');
    });

    it('rejects a missing owner and a bad owner name', async () => {
      const missing = await refusal(
        apply(
          claim('team-orders', 'no-owner', {
            tier: 'starter',
            regions: ['eu-west'],
          }),
          'bookstore-portal',
        ),
      );
      expect(missing.code).toBe(422);
      expect(missing.message).toContain(
        'spec.parameters.owner: Required value',
      );

      const bad = await refusal(
        apply(
          claim('team-orders', 'bad-owner', { ...valid, owner: 'Team Orders' }),
          'bookstore-portal',
        ),
      );
      expect(bad.code).toBe(422);
      expect(bad.message).toContain('spec.parameters.owner');
    });

    it('refuses an unknown parameter, naming it (server-side apply answers 500 for it)', async () => {
      const { code, message } = await refusal(
        apply(
          claim('team-orders', 'extra-parameter', {
            ...valid,
            quota: 'unlimited',
          }),
          'bookstore-portal',
        ),
      );
      expect(code).toBe(500);
      expect(message).toContain(
        '.spec.parameters.quota: field not declared in schema',
      );
    });
  });

  describe('put and remove, as a controller writes', () => {
    const path = `${CLAIMS}/team-orders/${TENANT_CLAIM_PLURAL}/put-books`;
    const stored = {
      ...claim('team-orders', 'put-books', valid),
      status: {
        conditions: [{ type: 'Ready', status: 'True', reason: 'Available' }],
      },
    };

    it('stores spec and status (through the status subresource), then deletes', async () => {
      const written = await api.put(path, stored);
      expect(written.status).toEqual(stored.status);
      const read = await api.request('GET', path);
      expect(read.body.spec).toEqual(stored.spec);
      expect(read.body.status).toEqual(stored.status);

      await api.remove(path);
      expect((await api.request('GET', path)).status).toBe(404);
      await api.remove(path);
    });

    it('rejects what the contract refuses, with the server’s message', async () => {
      const error = await rejectionOf(
        api.put(path, {
          ...stored,
          spec: { parameters: { ...valid, tier: 'huge' } },
        }),
      );
      expect(error.message).toContain(`applying ${path}: 422`);
      expect(error.message).toContain('spec.parameters.tier');
    });
  });

  describe('server-side apply', () => {
    it('answers 409 when another field manager owns a field, and force takes it over', async () => {
      await api.createNamespace('team-search');
      await apply(
        claim('team-search', 'shared-books', {
          ...valid,
          owner: 'team-search',
        }),
        'team-search-gitops',
      );
      const mine = claim('team-search', 'shared-books', {
        ...valid,
        owner: 'team-orders',
      });

      const conflict = await refusal(apply(mine, 'bookstore-portal'));
      expect(conflict.code).toBe(409);
      expect(conflict.message).toContain('conflict with "team-search-gitops"');
      expect(conflict.message).toContain('.spec.parameters.owner');

      const forced = await apply(mine, 'bookstore-portal', true);
      expect((forced as any).spec.parameters.owner).toBe('team-orders');
      const managers = forced.metadata?.managedFields?.map(f => f.manager);
      expect(managers).toContain('bookstore-portal');
    });
  });

  describe('lists and watches', () => {
    const namespace = 'paging';
    const names = ['t1', 't2', 't3', 't4', 't5'];

    beforeAll(async () => {
      await api.createNamespace(namespace);
      for (const name of names) {
        await apply(claim(namespace, name, valid), 'bookstore-portal');
      }
    });

    it('pages a list with limit and continue', async () => {
      const pages: string[][] = [];
      let token: string | undefined;
      do {
        const page = await listClaims(namespace, {
          limit: 2,
          _continue: token,
        });
        pages.push(
          page.items.map((item: KubernetesObject) => item.metadata!.name!),
        );
        token = page.metadata.continue || undefined;
      } while (token);
      expect(pages).toEqual([['t1', 't2'], ['t3', 't4'], ['t5']]);
    });

    it('sends BOOKMARK events to a watch that allows them, past changes it does not see', async () => {
      const list = await listClaims(namespace);
      const watching = watchUntilEnd(
        admin,
        `${CLAIMS}/${namespace}/${TENANT_CLAIM_PLURAL}`,
        {
          resourceVersion: list.metadata.resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: 5,
        },
      );
      // A change this watch does not see; its bookmark (sent 2 s before the
      // watch's timeout) still moves past it.
      await api.createNamespace('elsewhere');
      const elsewhere = await apply(
        claim('elsewhere', 'unseen', valid),
        'bookstore-portal',
      );

      const events = await watching;
      expect(events.map(e => e.type)).toEqual(
        expect.arrayContaining(['BOOKMARK']),
      );
      expect(events.filter(e => e.type !== 'BOOKMARK')).toEqual([]);
      const last = events[events.length - 1];
      expect(
        Number(last.object.metadata.resourceVersion),
      ).toBeGreaterThanOrEqual(Number(elsewhere.metadata!.resourceVersion));
    });

    it('answers 410 Gone to a watch and a continue token from before a compaction', async () => {
      const before = await listClaims(namespace, { limit: 2 });
      await apply(
        claim(namespace, 't1', { ...valid, tier: 'premium' }),
        'bookstore-portal',
      );
      const revision = await api.compact();
      expect(revision).toBeGreaterThan(Number(before.metadata.resourceVersion));

      const events = await watchUntilEnd(
        admin,
        `${CLAIMS}/${namespace}/${TENANT_CLAIM_PLURAL}`,
        {
          resourceVersion: before.metadata.resourceVersion,
          timeoutSeconds: 3,
        },
      );
      expect(events).toEqual([
        {
          type: 'ERROR',
          object: expect.objectContaining({
            kind: 'Status',
            code: 410,
            reason: 'Expired',
          }),
        },
      ]);

      const expired = await refusal(
        listClaims(namespace, {
          limit: 2,
          _continue: before.metadata.continue,
        }),
      );
      expect(expired.code).toBe(410);

      const fresh = await listClaims(namespace);
      expect(
        fresh.items.map((item: KubernetesObject) => item.metadata!.name),
      ).toEqual(names);
    });
  });

  describe('RBAC for the portal service accounts', () => {
    const namespace = 'team-payments';

    beforeAll(async () => {
      await api.createNamespace('team-other');
      await apply(
        claim('team-other', 'other-books', valid),
        'team-other-gitops',
      );
    });

    it('lets the tenant reader list and watch every namespace, and not patch', async () => {
      const reader = await api.createTenantReader();
      const readerObjects = kubeConfig(api, reader.token).makeApiClient(
        KubernetesObjectApi,
      );

      const all = await readerObjects.list(API_VERSION, TENANT_CLAIM_KIND);
      expect(all.items.map(item => item.metadata!.name)).toContain(
        'other-books',
      );
      const events = await watchUntilEnd(
        kubeConfig(api, reader.token),
        `/apis/${API_VERSION}/${TENANT_CLAIM_PLURAL}`,
        { resourceVersion: all.metadata!.resourceVersion!, timeoutSeconds: 1 },
      );
      expect(events.filter(e => e.type === 'ERROR')).toEqual([]);

      const denied = await refusal(
        apply(
          claim('team-other', 'other-books', valid),
          'bookstore-portal',
          true,
          readerObjects,
        ),
      );
      expect(denied.code).toBe(403);
      expect(denied.message).toContain(
        `"system:serviceaccount:${reader.namespace}:${reader.name}" cannot patch resource "bookstoretenants"`,
      );
    });

    it('lets the tenant applier create and patch claims in its namespace, and not list or write others', async () => {
      const applier = await api.createTenantApplier(namespace);
      const applierObjects = kubeConfig(api, applier.token).makeApiClient(
        KubernetesObjectApi,
      );

      const mine = claim(namespace, 'payments-books', {
        ...valid,
        owner: 'team-payments',
      });
      const created = await apply(
        mine,
        'bookstore-portal',
        false,
        applierObjects,
      );
      expect(created.metadata?.namespace).toBe(namespace);
      const patched = await apply(
        claim(namespace, 'payments-books', {
          ...valid,
          owner: 'team-payments',
          tier: 'premium',
        }),
        'bookstore-portal',
        false,
        applierObjects,
      );
      expect((patched as any).spec.parameters.tier).toBe('premium');

      const elsewhere = await refusal(
        apply(
          claim('team-other', 'other-books', valid),
          'bookstore-portal',
          true,
          applierObjects,
        ),
      );
      expect(elsewhere.code).toBe(403);

      const listOthers = await refusal(
        applierObjects.list(API_VERSION, TENANT_CLAIM_KIND, 'team-other'),
      );
      expect(listOthers.code).toBe(403);
      expect(listOthers.message).toContain(
        'cannot list resource "bookstoretenants"',
      );
    });

    it('shows why the applier needs create: with get and patch only, a new claim is refused', async () => {
      const patchOnly = await api.createServiceAccount({
        namespace: 'bookstore-portal',
        name: 'patch-only',
        namespaceRules: [
          {
            namespace,
            rules: [
              {
                apiGroups: [TENANT_API_GROUP],
                resources: [TENANT_CLAIM_PLURAL],
                verbs: ['get', 'patch'],
              },
            ],
          },
        ],
      });
      const patchOnlyObjects = kubeConfig(api, patchOnly.token).makeApiClient(
        KubernetesObjectApi,
      );

      const refused = await refusal(
        apply(
          claim(namespace, 'new-books', valid),
          'bookstore-portal',
          false,
          patchOnlyObjects,
        ),
      );
      expect(refused.code).toBe(403);
      expect(refused.message).toContain(
        'cannot create resource "bookstoretenants"',
      );

      const existing = await apply(
        claim(namespace, 'payments-books', {
          ...valid,
          owner: 'team-payments',
          tier: 'starter',
        }),
        'bookstore-portal',
        true,
        patchOnlyObjects,
      );
      expect((existing as any).spec.parameters.tier).toBe('starter');
    });
  });
});
