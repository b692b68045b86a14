/*
 * The Crossplane tenant provider under the faults of issue 13, against two real kube-apiservers
 * (scripts/kube-test-server) behind fault proxies:
 *
 *   source scripts/node-env.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/crossplane-tenants-faults.ts \
 *     [--relist-seconds 20] [--down-seconds 3] [--changes 10]
 *
 * Prints:
 *   - relist rate: list requests per second to a cluster whose every watch answers ERROR 410;
 *   - recovery: after a restart with us-east down (the catalog holding what it said before), the
 *     time from us-east answering again until a claim created there meanwhile is in the catalog,
 *     with the provider's default retry (5 s doubling);
 *   - delta latency: while eu-west hangs (requests never answered, default 10 s timeout), the time
 *     from a claim created in us-east until the catalog holds it; p50 and max over --changes.
 */
import {
  claim,
  claimPath,
} from '../plugins/catalog-backend-module-crossplane-tenants/src/__testUtils__/tenants';
import {
  ProviderHarness,
  ProviderHarnessOptions,
  startProvider,
} from '../plugins/catalog-backend-module-crossplane-tenants/src/__testUtils__/providerHarness';
import {
  providerClusterOf,
  RealCluster,
  startRealCluster,
  stopRealCluster,
} from '../plugins/catalog-backend-module-crossplane-tenants/src/__testUtils__/realCluster';
import type { JsonObject } from '@backstage/types';

const CLAIMS = '/apis/platform.bookstore.io/v1alpha1/bookstoretenants';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const put = (cluster: RealCluster, name: string) =>
  cluster.api.put(claimPath(name), claim(name, { owner: 'team-orders' }));
const sleep = (ms: number) => new Promise(done => setTimeout(done, ms));

async function main() {
  const [east, west] = await Promise.all([
    startRealCluster('us-east'),
    startRealCluster('eu-west'),
  ]);
  const start = (overrides: JsonObject, options?: ProviderHarnessOptions) =>
    startProvider(
      [east, west].map(providerClusterOf),
      { composites: false, ...overrides },
      options,
    );
  const has = (h: ProviderHarness, name: string) =>
    h.entities().has(`resource:default/${name}`);
  let harness: ProviderHarness | undefined;
  try {
    await put(east, 'shared');
    await put(west, 'shared');

    // 1. A permanent 410 on every watch of eu-west.
    const relistSeconds = flag('relist-seconds', 20);
    await west.proxy.fault({ type: 'watch-expired' });
    harness = await start({});
    await harness.runTask();
    const lists = () =>
      west.proxy.requests.filter(r => r.path === CLAIMS && !r.query.watch)
        .length;
    const before = lists();
    await sleep(relistSeconds * 1000);
    const relists = lists() - before;
    const relistLines = harness.logs.filter(l =>
      l.message.includes('again: its watch version had expired'),
    ).length;
    await harness.stop();
    await west.proxy.fault(undefined);
    console.log(
      `relist under a permanent 410: ${relists} lists in ${relistSeconds} s = ${(
        relists / relistSeconds
      ).toFixed(2)}/s, ${relistLines} info line(s)`,
    );

    // 2. Restart with us-east down.
    const downSeconds = flag('down-seconds', 3);
    const first = await start({ watch: false });
    await first.runTask();
    const held = [...first.entities().values()];
    await first.stop();
    await east.proxy.fault({ type: 'refuse' });
    harness = await start({ watch: false }, { catalogEntities: held });
    await harness.runTask();
    const kept = has(harness, 'shared');
    await put(east, 'east-new');
    await sleep(downSeconds * 1000);
    await east.proxy.fault(undefined);
    const backAt = Date.now();
    while (!has(harness, 'east-new') && Date.now() - backAt < 400_000) {
      await sleep(20);
    }
    console.log(
      `restart with us-east down ${downSeconds} s: shared tenant kept ${kept}; recovered ${
        Date.now() - backAt
      } ms after us-east answered again (no full run)`,
    );
    await harness.stop();

    // 3. Deltas of us-east while eu-west hangs.
    const changes = flag('changes', 10);
    await west.proxy.fault({ type: 'hang' });
    harness = await start({});
    let runPending = true;
    const run = harness.runTask().then(() => {
      runPending = false;
    });
    while (!has(harness, 'shared')) {
      await sleep(20);
    }
    const latencies: number[] = [];
    for (let i = 0; i < changes; i++) {
      const name = `delta-${i}`;
      const at = Date.now();
      await put(east, name);
      while (!has(harness, name)) {
        await sleep(5);
      }
      latencies.push(Date.now() - at);
    }
    latencies.sort((a, b) => a - b);
    const pendingThroughout = runPending;
    await run;
    console.log(
      `us-east delta latency while eu-west hangs: p50 ${
        latencies[Math.floor(latencies.length / 2)]
      } ms, max ${
        latencies[latencies.length - 1]
      } ms over ${changes} changes; the full run still waiting for eu-west's timeout throughout: ${pendingThroughout}`,
    );
    await harness.stop();
  } finally {
    await harness?.stop();
    await stopRealCluster(east);
    await stopRealCluster(west);
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
