import { claim, ClaimOptions, claimPath } from '../__testUtils__/tenants';
import {
  ProviderHarness,
  ProviderHarnessOptions,
  startProvider,
} from '../__testUtils__/providerHarness';
import { JsonObject } from '@backstage/types';
import {
  providerClusterOf,
  RealCluster,
  startRealCluster,
  stopRealCluster,
} from '../__testUtils__/realCluster';

// Two real API servers: their start takes seconds.
jest.setTimeout(60_000);

const CLAIMS = '/apis/platform.bookstore.io/v1alpha1/bookstoretenants';
const NAMESPACE = 'bookstore-tenants';

/** Stores claims as Crossplane keeps them (every claim names its owner: the CRD requires it). */
async function putClaims(
  cluster: RealCluster,
  names: string[],
  options: ClaimOptions = {},
) {
  for (const name of names) {
    await cluster.api.put(
      claimPath(name),
      claim(name, { owner: 'team-orders', ...options }),
    );
  }
}

async function removeAllClaims(cluster: RealCluster) {
  const { body } = await cluster.api.request(
    'GET',
    `/apis/platform.bookstore.io/v1alpha1/namespaces/${NAMESPACE}/bookstoretenants`,
  );
  for (const item of body.items) {
    await cluster.api.remove(claimPath(item.metadata.name));
  }
}

const sleep = (ms: number) => new Promise(done => setTimeout(done, ms));

describe('CrossplaneTenantEntityProvider against real API servers (issue 13 faults)', () => {
  let east: RealCluster;
  let west: RealCluster;
  let harness: ProviderHarness | undefined;

  beforeAll(async () => {
    [east, west] = await Promise.all([
      startRealCluster('us-east'),
      startRealCluster('eu-west'),
    ]);
  });
  afterAll(async () => {
    await stopRealCluster(east);
    await stopRealCluster(west);
  });
  beforeEach(async () => {
    await Promise.all([east, west].map(removeAllClaims));
  });
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
    await Promise.all([east, west].map(c => c.proxy.fault(undefined)));
  });

  const start = (
    overrides: JsonObject = {},
    options: ProviderHarnessOptions = {},
  ) =>
    startProvider(
      [east, west].map(providerClusterOf),
      { composites: false, ...overrides },
      options,
    );
  const names = (h: ProviderHarness) => [...h.entities().keys()].sort();
  const tenantOf = (h: ProviderHarness, name: string) =>
    h.entities().get(`resource:default/${name}`);
  const listsOf = (cluster: RealCluster) =>
    cluster.proxy.requests.filter(
      r => r.method === 'GET' && r.path === CLAIMS && !r.query.watch,
    ).length;

  it('1: relists with a backoff that holds across relists while every watch answers 410, logging once', async () => {
    await putClaims(west, ['w']);
    await west.proxy.fault({ type: 'watch-expired' });
    harness = await start();
    await harness.runTask();
    const listsAtStart = listsOf(west);
    await sleep(3000);
    const relists = listsOf(west) - listsAtStart;
    // The first 410 relists at once, then 0.5–1 s, 1–2 s, …: at most 4 in 3 s (hundreds without backoff).
    expect(relists).toBeGreaterThanOrEqual(1);
    expect(relists).toBeLessThanOrEqual(4);
    expect(
      harness.logs.filter(
        l =>
          l.level === 'info' &&
          l.message.startsWith(
            'Listed bookstoretenants of cluster eu-west again',
          ),
      ),
    ).toHaveLength(1);
    expect(names(harness)).toEqual(['resource:default/w']);
  });

  it('2: after a restart with a cluster down, keeps what the catalog holds of it, and lists it again on a short backoff', async () => {
    await putClaims(east, ['dual-owner-books'], { team: 'team-orders' });
    await putClaims(east, ['east-only']);
    await putClaims(west, ['dual-owner-books'], {
      team: 'team-search',
      owner: 'team-search',
      regions: ['eu-west'],
    });
    const before = await start({ watch: false });
    await before.runTask();
    const held = [...before.entities().values()];
    await before.stop();
    expect(tenantOf(before, 'dual-owner-books')?.spec?.owner).toBe(
      'group:default/team-orders',
    );

    // The backend restarts while us-east is down.
    await east.proxy.fault({ type: 'refuse' });
    harness = await start(
      { watch: false },
      { catalogEntities: held, clusterRetryMs: 200 },
    );
    await harness.runTask();
    const shared = tenantOf(harness, 'dual-owner-books');
    expect(shared?.spec?.owner).toBe('group:default/team-orders');
    expect(
      (shared?.spec?.tenant as any).clusters.map((c: any) => c.cluster),
    ).toEqual(['us-east', 'eu-west']);
    expect(names(harness)).toEqual([
      'resource:default/dual-owner-books',
      'resource:default/east-only',
    ]);
    expect(harness.logs.find(l => l.level === 'error')?.message).toMatch(
      /; keeping the 2 tenants last known from cluster us-east, retrying in \d+ s$/,
    );

    // us-east comes back: listed again without waiting for the next full run.
    await putClaims(east, ['east-new']);
    const backAt = Date.now();
    await east.proxy.fault(undefined);
    await harness.until(
      () => names(harness!).includes('resource:default/east-new'),
      5000,
    );
    expect(Date.now() - backAt).toBeLessThan(5000);
    expect(harness.provider.getClusterStatus()[0].up).toBe(true);
  });

  it('3: a hung cluster holds back neither the other cluster’s list nor its watched changes', async () => {
    await putClaims(east, ['fast']);
    await west.proxy.fault({ type: 'hang' });
    harness = await start({ requestTimeoutMs: 6000 });
    let runDone = false;
    const run = harness.runTask().then(() => {
      runDone = true;
    });
    await harness.until(
      () => names(harness!).includes('resource:default/fast'),
      3000,
    );
    await putClaims(east, ['fast-2']);
    const changedAt = Date.now();
    await harness.until(
      () => names(harness!).includes('resource:default/fast-2'),
      3000,
    );
    expect(Date.now() - changedAt).toBeLessThan(3000);
    expect(runDone).toBe(false);
    await run;
    expect(harness.provider.getClusterStatus()).toEqual([
      expect.objectContaining({ cluster: 'us-east', up: true }),
      expect.objectContaining({ cluster: 'eu-west', up: false }),
    ]);
  });

  it('4: two clusters naming different owners: a warning naming both, and the owner never flips', async () => {
    await putClaims(east, ['dual-owner-books'], { team: 'team-orders' });
    await putClaims(west, ['dual-owner-books'], {
      team: 'team-search',
      owner: 'team-search',
    });
    harness = await start({ watch: false });
    const owners: unknown[] = [];
    for (let run = 0; run < 3; run++) {
      await harness.runTask();
      owners.push(tenantOf(harness, 'dual-owner-books')?.spec?.owner);
    }
    expect(owners).toEqual(Array(3).fill('group:default/team-orders'));
    expect(harness.logs.map(l => l.message)).toContainEqual(
      'tenant dual-owner-books: objects name different owners; us-east/bookstore-tenants/dual-owner-books (first in cluster order) wins with group:default/team-orders over eu-west/bookstore-tenants/dual-owner-books (group:default/team-search)',
    );
  });

  it('5: a watched removal the catalog refuses is kept and applied on the retry', async () => {
    await putClaims(east, ['a', 'b']);
    harness = await start();
    await harness.runTask();
    // The watches are open and the lists' own delta is applied.
    await harness.until(
      () =>
        east.proxy.requests.some(r => r.path === CLAIMS && !!r.query.watch) &&
        west.proxy.requests.some(r => r.path === CLAIMS && !!r.query.watch) &&
        harness!.logs.some(l =>
          l.message.startsWith('Applied watched changes'),
        ),
    );
    const applied = harness.mutations.length;
    harness.rejectMutations(1);
    await east.api.remove(claimPath('b'));
    await harness.until(
      () => names(harness!).join() === 'resource:default/a',
      5000,
    );
    expect(harness.logs.map(l => l.message)).toContainEqual(
      expect.stringMatching(
        /^Could not apply watched changes: Error: the catalog is unavailable$/,
      ),
    );
    expect(harness.mutations.slice(applied)).toEqual([
      {
        type: 'delta',
        added: [],
        removed: [
          {
            entityRef: 'resource:default/b',
            locationKey: 'crossplane-tenant-provider:default',
          },
        ],
      },
    ]);
  });
});
