import {
  createSelfSignedCertificate,
  FakeKubernetesApi,
  startFakeKubernetesApi,
} from '@internal/plugin-bookstore-tenant-node/testUtils';
import {
  claim,
  claimPath,
  compositePath,
  putClaims,
} from '../__testUtils__/tenants';
import {
  ProviderHarness,
  startProvider,
} from '../__testUtils__/providerHarness';

const CLAIMS = '/apis/platform.bookstore.io/v1alpha1/bookstoretenants';

describe('CrossplaneTenantEntityProvider', () => {
  let east: FakeKubernetesApi;
  let west: FakeKubernetesApi;
  let harness: ProviderHarness | undefined;

  beforeAll(async () => {
    east = await startFakeKubernetesApi();
    west = await startFakeKubernetesApi();
  });
  afterAll(async () => {
    await Promise.all([east.close(), west.close()]);
  });
  beforeEach(() => {
    east.reset();
    west.reset();
  });
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  const clusters = () => [
    { name: 'us-east', url: east.url },
    { name: 'eu-west', url: west.url },
  ];
  const names = (h: ProviderHarness) => [...h.entities().keys()].sort();
  const tenantOf = (h: ProviderHarness, name: string) =>
    h.entities().get(`resource:default/${name}`)?.spec?.tenant as any;

  it('lists every page of every cluster and ends with one full mutation of all its entities', async () => {
    putClaims(east, ['a', 'b', 'c', 'd', 'e']);
    putClaims(west, ['a'], { regions: ['eu-west'], ready: 'False' });
    harness = await startProvider(clusters(), { pageSize: 2, watch: false });
    await harness.runTask();

    // Each cluster's answer may reach the catalog as a delta first (after a
    // 50 ms gathering window, so only when the other cluster is slower); the
    // run ends with one full mutation of everything.
    const types = harness.mutations.map(m => m.type);
    expect(types.filter(t => t === 'full')).toHaveLength(1);
    expect(types[types.length - 1]).toBe('full');
    const full = harness.mutations[types.length - 1];
    expect(full.type === 'full' && full.entities).toHaveLength(5);
    expect(names(harness)).toEqual(
      ['a', 'b', 'c', 'd', 'e'].map(n => `resource:default/${n}`),
    );
    const pages = east.requests.filter(r => r.path === CLAIMS);
    expect(pages.map(r => r.query.limit)).toEqual(['2', '2', '2']);
    expect(pages[0].query.continue).toBeUndefined();
    expect(pages[1].query.continue).toEqual(expect.any(String));
    expect(tenantOf(harness, 'a').clusters).toEqual([
      expect.objectContaining({ cluster: 'us-east', ready: 'True' }),
      expect.objectContaining({ cluster: 'eu-west', ready: 'False' }),
    ]);
    expect(tenantOf(harness, 'a').regions).toEqual(['us-east', 'eu-west']);
    expect(harness.logs.find(l => l.level === 'info')?.message).toMatch(
      /^Read 5 tenants \(5 entities\) from 2 of 2 clusters in \d+ ms$/,
    );
  });

  it('reads Crossplane 2 namespaced composites next to claims, and composed resources when asked', async () => {
    putClaims(east, ['acme'], { composite: 'acme-x1' });
    east.put(compositePath('acme-x1'), {
      apiVersion: 'platform.bookstore.io/v1alpha1',
      kind: 'XBookstoreTenant',
      metadata: { name: 'acme-x1' },
      spec: {
        claimRef: { name: 'acme', namespace: 'bookstore-tenants' },
        resourceRefs: [
          { apiVersion: 'v1', kind: 'Namespace', name: 'acme-us-east' },
        ],
      },
    });
    west.put(compositePath('river', 'team-search'), {
      apiVersion: 'platform.bookstore.io/v1alpha1',
      kind: 'XBookstoreTenant',
      metadata: { name: 'river', namespace: 'team-search' },
      spec: {
        parameters: {
          owner: 'team-search',
          tier: 'starter',
          regions: ['eu-west'],
        },
        crossplane: {
          resourceRefs: [
            { apiVersion: 'v1', kind: 'Namespace', name: 'river-eu-west' },
          ],
        },
      },
    });
    harness = await startProvider(clusters(), {
      watch: false,
      composedResources: true,
    });
    await harness.runTask();
    expect(names(harness)).toEqual([
      'resource:default/acme',
      'resource:default/acme-namespace-acme-us-east',
      'resource:default/river',
      'resource:default/river-namespace-river-eu-west',
    ]);
    expect(tenantOf(harness, 'river').clusters).toEqual([
      expect.objectContaining({
        cluster: 'eu-west',
        source: 'composite',
        namespace: 'team-search',
      }),
    ]);
    expect(harness.entities().get('resource:default/river')?.spec?.owner).toBe(
      'group:default/team-search',
    );
  });

  it('refuses a provider naming a cluster that is not configured', async () => {
    await expect(
      startProvider(clusters(), { clusters: ['ap-southeast'] }),
    ).rejects.toThrow(
      "catalog.providers.crossplaneTenants.default.clusters names 'ap-southeast', which is not a cluster of kubernetes.clusterLocatorMethods (us-east, eu-west)",
    );
  });

  it('removes a deleted claim on the next full run', async () => {
    putClaims(east, ['a', 'b']);
    harness = await startProvider(clusters(), { watch: false });
    await harness.runTask();
    east.remove(claimPath('b'));
    await harness.runTask();
    expect(names(harness)).toEqual(['resource:default/a']);
  });

  it('skips malformed claims with a warning naming them, and keeps the others', async () => {
    putClaims(east, ['good']);
    east.put(claimPath('no-spec'), {
      apiVersion: 'platform.bookstore.io/v1alpha1',
      kind: 'BookstoreTenant',
      metadata: { name: 'no-spec', namespace: 'bookstore-tenants' },
    });
    const long = 'x'.repeat(70);
    east.put(claimPath(long), claim(long));
    harness = await startProvider(clusters(), { watch: false });
    await harness.runTask();
    expect(names(harness)).toEqual(['resource:default/good']);
    const warnings = harness.logs
      .filter(l => l.level === 'warn')
      .map(l => l.message);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'Skipped bookstoretenants us-east/bookstore-tenants/no-spec: it has no spec',
        expect.stringContaining(
          `Skipped bookstoretenants us-east/bookstore-tenants/${long}: its name is not a valid catalog entity name`,
        ),
      ]),
    );
  });

  it('ignores excluded namespaces', async () => {
    putClaims(east, ['kept']);
    putClaims(east, ['hidden'], { namespace: 'sandbox' });
    harness = await startProvider(clusters(), {
      watch: false,
      excludeNamespaces: ['sandbox'],
    });
    await harness.runTask();
    expect(names(harness)).toEqual(['resource:default/kept']);
  });

  describe.each([
    [
      '403',
      (api: FakeKubernetesApi) =>
        api.fail({
          status: 403,
          message:
            'bookstoretenants.platform.bookstore.io is forbidden: User "system:serviceaccount:backstage:portal" cannot list resource',
        }),
      /403 Forbidden: bookstoretenants.platform.bookstore.io is forbidden/,
    ],
    [
      '500',
      (api: FakeKubernetesApi) =>
        api.fail({ status: 500, message: 'etcdserver: request timed out' }),
      /500 Internal Server Error: etcdserver: request timed out/,
    ],
    [
      'a timeout',
      (api: FakeKubernetesApi) => api.hang(),
      /timed out after 1000 ms/,
    ],
  ])('a cluster answering %s', (_, breakCluster, expected) => {
    it('keeps the entities it had produced, says which cluster failed and how, and recovers', async () => {
      putClaims(east, ['east-only']);
      putClaims(west, ['west-only', 'shared']);
      putClaims(east, ['shared']);
      harness = await startProvider(clusters(), { watch: false });
      await harness.runTask();
      expect(names(harness)).toHaveLength(3);

      breakCluster(west);
      await harness.runTask();
      expect(names(harness)).toEqual([
        'resource:default/east-only',
        'resource:default/shared',
        'resource:default/west-only',
      ]);
      expect(tenantOf(harness, 'shared').clusters).toHaveLength(2);
      const error = harness.logs.find(l => l.level === 'error');
      expect(error?.message).toMatch(
        /^Could not list bookstoretenants: Kubernetes cluster eu-west: /,
      );
      expect(error?.message).toMatch(expected);
      expect(error?.message).toMatch(
        /keeping the 2 tenants last known from cluster eu-west, retrying in \d+ s$/,
      );
      expect(harness.provider.getClusterStatus()).toEqual([
        expect.objectContaining({ cluster: 'us-east', up: true }),
        expect.objectContaining({
          cluster: 'eu-west',
          up: false,
          error: expect.stringMatching(expected),
        }),
      ]);

      west.fail(undefined);
      west.hang(false);
      west.remove(claimPath('west-only'));
      await harness.runTask();
      expect(names(harness)).toEqual([
        'resource:default/east-only',
        'resource:default/shared',
      ]);
      expect(harness.provider.getClusterStatus()[1]).toEqual(
        expect.objectContaining({ up: true, error: undefined }),
      );
    });
  });

  it('keeps a cluster whose certificate it cannot verify, naming the TLS error', async () => {
    const { key, cert } = await createSelfSignedCertificate();
    const tls = await startFakeKubernetesApi({ tls: { key, cert } });
    try {
      tls.put(claimPath('secure'), claim('secure'));
      harness = await startProvider(
        [
          {
            name: 'secure-cluster',
            url: tls.url,
            caData: Buffer.from(cert).toString('base64'),
          },
        ],
        { watch: false },
      );
      await harness.runTask();
      expect(names(harness)).toEqual(['resource:default/secure']);
      await harness.stop();

      harness = await startProvider(
        [{ name: 'secure-cluster', url: tls.url }],
        { watch: false },
      );
      await harness.runTask();
      expect(harness.logs.find(l => l.level === 'error')?.message).toMatch(
        /Kubernetes cluster secure-cluster: TLS error/,
      );
    } finally {
      await tls.close();
    }
  });

  it('removes nothing while a cluster has never answered since start', async () => {
    putClaims(east, ['a']);
    west.fail({ status: 503, message: 'unavailable' });
    harness = await startProvider(clusters(), { watch: false });
    await harness.runTask();
    expect(harness.mutations).toEqual([
      {
        type: 'delta',
        added: [
          expect.objectContaining({
            locationKey: 'crossplane-tenant-provider:default',
          }),
        ],
        removed: [],
      },
    ]);
    expect(harness.logs.map(l => l.message)).toContain(
      'Not removing any entity: eu-west has not answered since the portal started',
    );
  });

  // A real API server holds neither names in upper case nor label values the
  // catalog cannot hold (its rules are the catalog's), an independent one may.
  describe('objects only a lenient API server holds', () => {
    it('keeps one entity for names differing only by case, warning and never flipping', async () => {
      putClaims(east, ['acme-books'], { team: 'team-orders' });
      putClaims(west, ['ACME-BOOKS'], { team: 'team-search' });
      harness = await startProvider(clusters(), { watch: false });
      const seen: string[] = [];
      for (let run = 0; run < 3; run++) {
        await harness.runTask();
        seen.push(
          `${names(harness).join()} ${
            tenantOf(harness, 'acme-books')?.clusters.length
          }`,
        );
      }
      expect(seen).toEqual(Array(3).fill('resource:default/acme-books 1'));
      expect(harness.logs.map(l => l.message)).toContain(
        'eu-west/bookstore-tenants/ACME-BOOKS: its name differs from us-east/bookstore-tenants/acme-books only by case, and the catalog holds one entity for both; skipped',
      );
    });

    it('ignores a team label the catalog cannot hold, with a warning, instead of losing the tenant', async () => {
      putClaims(east, ['t'], { team: 'team orders!', owner: 'team-search' });
      harness = await startProvider(clusters(), { watch: false });
      await harness.runTask();
      const entity = harness.entities().get('resource:default/t');
      expect(entity?.spec?.owner).toBe('group:default/team-search');
      expect(entity?.metadata.labels).toBeUndefined();
      expect(harness.logs.map(l => l.message)).toContain(
        `us-east/bookstore-tenants/t: label platform.bookstore.io/team='team orders!' is not a valid catalog label value (at most 63 letters, digits, "-", "_" or ".", each separator between two letters or digits); ignored`,
      );
    });
  });

  describe('watching', () => {
    it('applies added, modified and deleted claims as deltas, and follows bookmarks', async () => {
      putClaims(east, ['a']);
      harness = await startProvider(clusters());
      await harness.runTask();
      // One watch per collection (claims and composites) in each cluster.
      await harness.until(
        () => east.openWatches() === 2 && west.openWatches() === 2,
      );
      const watch = east.requests.find(r => r.path === CLAIMS && r.query.watch);
      expect(watch?.query).toMatchObject({
        allowWatchBookmarks: 'true',
        resourceVersion: String(east.resourceVersion()),
      });

      putClaims(west, ['a'], {
        ready: 'False',
        message: 'Unready resources: quota',
      });
      putClaims(east, ['b']);
      await harness.until(
        () =>
          names(harness!).length === 2 &&
          tenantOf(harness!, 'a').clusters.length === 2,
      );
      expect(harness.mutations.slice(1).every(m => m.type === 'delta')).toBe(
        true,
      );
      expect(tenantOf(harness, 'a').clusters[1]).toMatchObject({
        cluster: 'eu-west',
        ready: 'False',
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'Creating',
            message: 'Unready resources: quota',
          },
          { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
        ],
      });

      putClaims(west, ['a'], { ready: 'True' });
      await harness.until(
        () => tenantOf(harness!, 'a').clusters[1].ready === 'True',
      );

      east.remove(claimPath('b'));
      await harness.until(() => names(harness!).length === 1);
      const last = harness.mutations[harness.mutations.length - 1];
      expect(last).toEqual({
        type: 'delta',
        added: [],
        removed: [
          {
            entityRef: 'resource:default/b',
            locationKey: 'crossplane-tenant-provider:default',
          },
        ],
      });

      // A claim deleted in one cluster leaves the tenant in the other.
      west.remove(claimPath('a'));
      await harness.until(() => tenantOf(harness!, 'a')?.clusters.length === 1);

      // After a bookmark and the server closing the stream, the watch resumes from the bookmark.
      east.put(compositePath('unrelated-x', undefined), {
        apiVersion: 'platform.bookstore.io/v1alpha1',
        kind: 'XBookstoreTenant',
        metadata: { name: 'unrelated-x' },
        spec: {},
      });
      east.bookmark();
      const bookmarked = String(east.resourceVersion());
      await new Promise(resolve => setTimeout(resolve, 100));
      east.endWatches();
      await harness.until(() =>
        east.requests.some(
          r =>
            r.path === CLAIMS &&
            r.query.watch &&
            r.query.resourceVersion === bookmarked,
        ),
      );
    });

    it('lists again when the watch version has expired (410 Gone)', async () => {
      putClaims(east, ['a', 'b']);
      harness = await startProvider(clusters());
      await harness.runTask();
      await harness.until(() => east.openWatches() === 2);
      east.hang(true, 'GET');
      east.endWatches();
      // While the watch is away, b is deleted and c created, and history is compacted.
      east.hang(false);
      east.remove(claimPath('b'));
      putClaims(east, ['c']);
      east.compact();
      await harness.until(
        () =>
          names(harness!).join() === 'resource:default/a,resource:default/c',
      );
      expect(harness.logs.map(l => l.message)).toContain(
        'Listed bookstoretenants of cluster us-east again: its watch version had expired (410 Gone); while it keeps expiring, relisting with backoff',
      );
    });

    it('keeps the entities while a watch fails, and recovers', async () => {
      putClaims(west, ['w']);
      harness = await startProvider(clusters());
      await harness.runTask();
      await harness.until(() => west.openWatches() === 2);
      west.fail({ status: 500, message: 'apiserver restarting' });
      west.endWatches();
      await harness.until(
        () => harness!.provider.getClusterStatus()[1].up === false,
      );
      expect(names(harness)).toEqual(['resource:default/w']);
      expect(
        harness.logs.filter(l => l.level === 'error').map(l => l.message),
      ).toContainEqual(
        expect.stringMatching(
          /^Watch of bookstoretenants failed: Kubernetes cluster eu-west: 500 Internal Server Error: GET \/apis\/platform\.bookstore\.io\/v1alpha1\/bookstoretenants\?watch=true; keeping the tenants last read from cluster eu-west, retrying$/,
        ),
      );
      west.fail(undefined);
      putClaims(west, ['w2']);
      await harness.until(() => names(harness!).length === 2, 10_000);
      expect(harness.provider.getClusterStatus()[1].up).toBe(true);
    });
  });
});
