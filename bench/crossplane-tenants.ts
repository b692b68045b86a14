/*
 * The Crossplane tenant provider at scale: 100, 1,000 and 10,000 claims over three clusters.
 *
 *   source scripts/node-env.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/crossplane-tenants.ts \
 *     [--pg] [--sizes 100,1000,10000] [--e2e-sizes 100,1000] [--changes 50]
 *   yarn tsc -p bench        # type-checks this file
 *
 * The clusters are local servers speaking the Kubernetes list/watch wire format (the fake API of
 * @internal/plugin-bookstore-tenant-node, paged by 500 as the provider asks). For each size:
 *   - mutation: the provider's full run (list every page of the three clusters, parse, map) and,
 *     apart, the pure build of the mutation from the listed objects; the extra heap when the
 *     mutation is handed to the catalog (heap after a forced GC before the run as the baseline);
 *   - end to end (--e2e-sizes): a catalog backend with the module, from start until the catalog
 *     API returns every tenant, on SQLite in memory or, with --pg, a throwaway PostgreSQL;
 *   - freshness (largest e2e size): --changes claims created, changed and deleted one at a time
 *     in a cluster (a watch event each), the time until the catalog API shows the change; p50/p95.
 * Targets (2 cores): 10,000 claims into a mutation < 1 s and < 150 MB extra heap; 1,000 tenants
 * visible < 60 s after start; freshness p95 < 5 s.
 */
import {
  SchedulerService,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import catalogBackend from '@backstage/plugin-catalog-backend';
import type { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import request from 'supertest';
import {
  startPostgres,
  TestPostgres,
} from '../packages/backend/src/__testUtils__/postgres';
import catalogModuleCrossplaneTenants, {
  CrossplaneTenantEntityProvider,
} from '../plugins/catalog-backend-module-crossplane-tenants/src';
import { buildTenantEntities } from '../plugins/catalog-backend-module-crossplane-tenants/src/mapping/tenantEntity';
import {
  parseTenantObject,
  TenantObject,
} from '../plugins/catalog-backend-module-crossplane-tenants/src/mapping/tenantObject';
import {
  ClaimOptions,
  kubernetesConfig,
} from '../plugins/catalog-backend-module-crossplane-tenants/src/__testUtils__/tenants';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { benchmarkClaims, CLUSTERS } from './crossplane-tenants/claims';
import type { FakeClustersRequest } from './crossplane-tenants/fakeClusters';
import { recordingLogger } from '../plugins/catalog-backend-module-crossplane-tenants/src/__testUtils__/providerHarness';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(name) ? args[args.indexOf(name) + 1] : fallback;
const sizes = option('--sizes', '100,1000,10000').split(',').map(Number);
const e2eSizes = option('--e2e-sizes', '100,1000').split(',').map(Number);
const changes = Number(option('--changes', '50'));
const usePostgres = args.includes('--pg');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

type Omit_<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The clusters, served by a child process (bench/crossplane-tenants/fakeClusters.ts). */
interface Clusters {
  urls: string[];
  call(request: Omit_<FakeClustersRequest>): Promise<any>;
  close(): void;
}

async function startClusters(): Promise<Clusters> {
  const child = fork(
    join(__dirname, 'crossplane-tenants', 'fakeClusters.ts'),
    [],
    {
      execArgv: [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      ],
    },
  );
  const pending = new Map<number, (result: unknown) => void>();
  let next = 1;
  child.on('message', ({ id, result }: { id: number; result: unknown }) => {
    pending.get(id)?.(result);
    pending.delete(id);
  });
  const urls = await new Promise<string[]>((resolve, reject) => {
    pending.set(0, result => resolve(result as string[]));
    child.once('error', reject);
  });
  return {
    urls,
    call: request =>
      new Promise(resolve => {
        const id = next++;
        pending.set(id, resolve);
        child.send({ ...request, id });
      }),
    close: () => child.disconnect(),
  };
}

function clusterConfig(clusters: Clusters) {
  return kubernetesConfig(
    clusters.urls.map((url, i) => ({ name: CLUSTERS[i], url })),
  );
}

const providerConfig = {
  fallbackOwner: 'group:default/platform-team',
  schedule: { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
};

async function mutationRun(clusters: Clusters, n: number) {
  await clusters.call({ op: 'seed', n });
  let task: SchedulerServiceTaskInvocationDefinition | undefined;
  const scheduler = {
    createScheduledTaskRunner: () => ({
      run: async (t: typeof task) => void (task = t),
    }),
  } as unknown as SchedulerService;
  const [provider] = CrossplaneTenantEntityProvider.fromConfig(
    new ConfigReader({
      kubernetes: clusterConfig(clusters),
      catalog: {
        providers: { crossplaneTenants: { ...providerConfig, watch: false } },
      },
    }),
    { logger: recordingLogger([]), scheduler },
  );
  let handedOver = { at: 0, heap: 0, entities: 0 };
  await provider.connect({
    applyMutation: async (mutation: EntityProviderMutation) => {
      handedOver = {
        at: performance.now(),
        heap: process.memoryUsage().heapUsed,
        entities: mutation.type === 'full' ? mutation.entities.length : -1,
      };
    },
    refresh: async () => {},
  });
  gc();
  const baseline = process.memoryUsage().heapUsed;
  const started = performance.now();
  await task!.fn(new AbortController().signal as any);
  await provider.stop();

  // The pure build, from objects already listed: parse and map, as the provider does.
  const raw = benchmarkClaims(n).map(placed => ({
    cluster: CLUSTERS[placed.cluster],
    object: placed.object,
  }));
  gc();
  const buildBaseline = process.memoryUsage().heapUsed;
  const buildStarted = performance.now();
  const byName = new Map<string, TenantObject[]>();
  for (const { cluster, object } of raw) {
    const parsed = parseTenantObject(object, { cluster, source: 'claim' });
    if (parsed.type === 'tenant') {
      const list = byName.get(parsed.tenant.name) ?? [];
      list.push(parsed.tenant);
      byName.set(parsed.tenant.name, list);
    }
  }
  const entities: Entity[] = [];
  for (const objects of byName.values()) {
    entities.push(
      ...buildTenantEntities(objects, {
        providerName: 'crossplane-tenant-provider:default',
        teamLabel: 'platform.bookstore.io/team',
        fallbackOwner: 'group:default/platform-team',
        clusterUrls: new Map(clusters.urls.map((url, i) => [CLUSTERS[i], url])),
        plurals: { claim: 'bookstoretenants', composite: 'xbookstoretenants' },
        composedResources: false,
        composedRefsOf: () => undefined,
      }).entities,
    );
  }
  const buildMs = performance.now() - buildStarted;
  const buildHeap = process.memoryUsage().heapUsed - buildBaseline;
  return {
    claims: raw.length,
    tenants: handedOver.entities,
    fullRunMs: handedOver.at - started,
    fullRunHeap: handedOver.heap - baseline,
    buildMs,
    buildHeap,
    built: entities.length,
  };
}

async function catalogTotal(server: Server, filter: string): Promise<number> {
  const response = await request(server)
    .get('/api/catalog/entities/by-query')
    .query({ filter, limit: 1 })
    .set('Authorization', mockCredentials.user.header());
  return response.status === 200 ? response.body.totalItems : -1;
}

async function until<T>(
  read: () => Promise<T | undefined>,
  timeoutMs: number,
  pollMs = 50,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) {
      return value;
    }
    if (performance.now() > deadline) {
      throw new Error(`not reached within ${timeoutMs} ms`);
    }
    await new Promise(resolve => setTimeout(resolve, pollMs));
  }
}

async function endToEnd(
  clusters: Clusters,
  n: number,
  freshness: boolean,
  postgres: TestPostgres | undefined,
) {
  await clusters.call({ op: 'seed', n });
  const started = performance.now();
  const backend = await startTestBackend({
    features: [
      catalogBackend,
      catalogModuleCrossplaneTenants,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: postgres
              ? {
                  client: 'pg',
                  connection: postgres.connection,
                  prefix: `bench_${n}_`,
                }
              : { client: 'better-sqlite3', connection: ':memory:' },
          },
          kubernetes: clusterConfig(clusters),
          catalog: {
            rules: [{ allow: ['Resource'] }],
            providers: { crossplaneTenants: providerConfig },
          },
        },
      }),
    ],
  });
  const { server } = backend;
  const filter = 'kind=resource,spec.type=bookstore-tenant';
  try {
    await until(
      async () =>
        (await catalogTotal(server, filter)) >= n ? true : undefined,
      30 * 60_000,
      250,
    );
    const visibleMs = performance.now() - started;
    const latencies: number[] = [];
    for (let i = 0; freshness && i < changes; i++) {
      const kind = i % 3;
      const name = kind === 0 ? `fresh-${i}` : `tenant-${(i * 7) % n}`;
      const home: number = await clusters.call({ op: 'home', name });
      const options: ClaimOptions = { team: 'team-fresh', tier: `tier-${i}` };
      const start = performance.now();
      if (kind === 2) {
        await clusters.call({ op: 'remove', name });
      } else {
        await clusters.call({
          op: 'put',
          cluster: home >= 0 ? home : i % CLUSTERS.length,
          name,
          options,
        });
      }
      await until(
        async () => {
          const response = await request(server)
            .get(`/api/catalog/entities/by-name/resource/default/${name}`)
            .set('Authorization', mockCredentials.user.header());
          const visible =
            kind === 2
              ? response.status === 404
              : response.body?.spec?.tenant?.tier === options.tier;
          return visible ? true : undefined;
        },
        60_000,
        20,
      );
      latencies.push(performance.now() - start);
    }
    return { visibleMs, latencies };
  } finally {
    await backend.stop();
  }
}

async function main() {
  const clusters = await startClusters();
  const postgres = usePostgres ? await startPostgres() : undefined;
  try {
    console.log(
      `node ${process.version}, ${CLUSTERS.length} clusters (served by a child process), page size 500`,
    );
    console.log(
      '\nmutation (provider full run: list 3 clusters + parse + map; pure build: parse + map)',
    );
    for (const n of sizes) {
      const r = await mutationRun(clusters, n);
      console.log(
        `  ${String(n).padStart(6)} tenants (${r.claims} claims): full run ${ms(
          r.fullRunMs,
        )}, +${mb(r.fullRunHeap)} heap at hand-over | pure build ${ms(
          r.buildMs,
        )}, +${mb(r.buildHeap)} heap; ${r.tenants} entities`,
      );
    }
    const largest = Math.max(...e2eSizes);
    console.log(
      `\nend to end on ${
        usePostgres ? 'PostgreSQL' : 'SQLite (in memory)'
      }: start of a catalog backend until the API returns every tenant`,
    );
    for (const n of e2eSizes) {
      const r = await endToEnd(
        clusters,
        n,
        n === largest && changes > 0,
        postgres,
      );
      console.log(
        `  ${String(n).padStart(6)} tenants visible after ${(
          r.visibleMs / 1000
        ).toFixed(1)} s`,
      );
      if (r.latencies.length) {
        console.log(
          `  freshness over ${
            r.latencies.length
          } changes (create/change/delete, one watch event each) with ${n} tenants: p50 ${ms(
            percentile(r.latencies, 50),
          )}, p95 ${ms(percentile(r.latencies, 95))}, max ${ms(
            Math.max(...r.latencies),
          )}`,
        );
      }
    }
  } finally {
    clusters.close();
    await postgres?.stop();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
