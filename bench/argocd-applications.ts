/*
 * The Argo CD Application provider's freshness against a fake argocd-server.
 *
 *   source scripts/node-env.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/argocd-applications.ts \
 *     [--initial 200] [--changes 20]
 *   yarn tsc -p bench        # type-checks this file
 *
 * A catalog backend (SQLite in memory) with the module over one fake instance holding --initial
 * Applications. Prints: the time from start until the catalog API returns all of them; for
 * --changes new Applications created one at a time in the fake (an ADDED event on the stream),
 * the time until each entity is in the catalog API (p50/p95/max), the same for deletions; and,
 * with the instance answering 503, that a full run keeps every entity.
 * Target: a new Application in the catalog within 5 s (p95).
 */
import { performance } from 'node:perf_hooks';
import {
  applicationEntities,
  eventually,
  REFRESH_TASK,
  startCatalogBackend,
} from '../plugins/catalog-backend-module-argocd-applications/src/__testUtils__/catalogBackend';
import {
  application,
  startFakeArgoCd,
} from '../plugins/catalog-backend-module-argocd-applications/src/__testUtils__/fakeArgoCd';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const initial = option('initial', 200);
const changes = option('changes', 20);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
};
const summary = (values: number[]) =>
  `p50 ${percentile(values, 50).toFixed(0)} ms, p95 ${percentile(
    values,
    95,
  ).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms`;

async function main() {
  const argo = await startFakeArgoCd({
    token: 'bench-token',
    applications: Array.from({ length: initial }, (_, i) =>
      application(`app-${i}`),
    ),
  });
  const started = performance.now();
  const { backend, scheduler } = await startCatalogBackend(
    [{ name: 'bench', url: argo.url, token: 'bench-token' }],
    [],
  );
  const names = async () =>
    new Set(
      (await applicationEntities(backend.server)).map(e => e.metadata.name),
    );
  try {
    await eventually(names, found => found.size === initial, 120_000);
    console.log(
      `${initial} Applications in the catalog API ${(
        performance.now() - started
      ).toFixed(0)} ms after start`,
    );

    const added: number[] = [];
    const removed: number[] = [];
    for (let i = 0; i < changes; i++) {
      const at = performance.now();
      argo.put(application(`new-${i}`));
      await eventually(names, found => found.has(`bench-new-${i}`));
      added.push(performance.now() - at);
    }
    for (let i = 0; i < changes; i++) {
      const at = performance.now();
      argo.remove(`new-${i}`);
      await eventually(names, found => !found.has(`bench-new-${i}`));
      removed.push(performance.now() - at);
    }
    console.log(
      `new Application → entity in the catalog API (${changes}): ${summary(
        added,
      )}`,
    );
    console.log(
      `deleted Application → entity gone (${changes}): ${summary(removed)}`,
    );

    argo.failWith(503);
    const run = scheduler.waitForTask(REFRESH_TASK);
    await scheduler.triggerTask(REFRESH_TASK);
    await run.catch(error =>
      console.log(`full run with the instance failing: ${error}`),
    );
    await new Promise(resolve => setTimeout(resolve, 2_000));
    console.log(
      `entities after a full run with the instance answering 503 (2 s later): ${
        (await names()).size
      } of ${initial}`,
    );
  } finally {
    await backend.stop();
    await argo.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
