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
import {
  FakeKubernetesApi,
  startFakeKubernetesApi,
} from '@internal/plugin-bookstore-tenant-node/testUtils';
import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import request from 'supertest';
import { startPostgres } from '../packages/backend/src/__testUtils__/postgres';
import catalogModuleCrossplaneTenants, {
  CrossplaneTenantEntityProvider,
} from '../plugins/catalog-backend-module-crossplane-tenants/src';
import { buildTenantEntities } from '../plugins/catalog-backend-module-crossplane-tenants/src/mapping/tenantEntity';
import {
  parseTenantObject,
  TenantObject,
} from '../plugins/catalog-backend-module-crossplane-tenants/src/mapping/tenantObject';
import {
  claim,
  claimPath,
  kubernetesConfig,
} from '../plugins/catalog-backend-module-crossplane-tenants/src/__testUtils__/tenants';
import { recordingLogger } from '../plugins/catalog-backend-module-crossplane-tenants/src/__testUtils__/providerHarness';

const CLUSTERS = ['us-east', 'eu-west', 'ap-southeast'];
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

/** N claims, round-robin over the clusters; every tenth also in the next cluster. */
function seed(apis: FakeKubernetesApi[], n: number) {
  for (const api of apis) {
    api.reset();
  }
  for (let i = 0; i < n; i++) {
    const name = `tenant-${i}`;
    const home = i % apis.length;
    const options = { team: `team-${i % 8}`, regions: [CLUSTERS[home]] };
    apis[home].put(claimPath(name), claim(name, options));
    if (i % 10 === 0) {
      const other = (home + 1) % apis.length;
      apis[other].put(
        claimPath(name),
        claim(name, { ...options, regions: [CLUSTERS[other]] }),
      );
    }
  }
}

function clusterConfig(apis: FakeKubernetesApi[]) {
  return kubernetesConfig(
    apis.map((api, i) => ({ name: CLUSTERS[i], url: api.url })),
  );
}

const providerConfig = {
  fallbackOwner: 'group:default/platform-team',
  schedule: { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
};

async function mutationRun(apis: FakeKubernetesApi[], n: number) {
  seed(apis, n);
  let task: SchedulerServiceTaskInvocationDefinition | undefined;
  const scheduler = {
    createScheduledTaskRunner: () => ({
      run: async (t: typeof task) => void (task = t),
    }),
  } as unknown as SchedulerService;
  const [provider] = CrossplaneTenantEntityProvider.fromConfig(
    new ConfigReader({
      kubernetes: clusterConfig(apis),
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
  const raw = apis.flatMap((api, i) =>
    [...Array(n).keys()]
      .map(k => api.object(claimPath(`tenant-${k}`)))
      .filter(Boolean)
      .map(object => ({ cluster: CLUSTERS[i], object })),
  );
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
        teamLabel: 'platform.bookstore.io/team',
        fallbackOwner: 'group:default/platform-team',
        clusterUrls: new Map(apis.map((api, i) => [CLUSTERS[i], api.url])),
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
  apis: FakeKubernetesApi[],
  n: number,
  freshness: boolean,
) {
  seed(apis, n);
  const postgres = usePostgres ? await startPostgres() : undefined;
  const started = performance.now();
  const backend = await startTestBackend({
    features: [
      catalogBackend,
      catalogModuleCrossplaneTenants,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: postgres
              ? { client: 'pg', connection: postgres.connection }
              : { client: 'better-sqlite3', connection: ':memory:' },
          },
          kubernetes: clusterConfig(apis),
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
    if (freshness) {
      for (let i = 0; i < changes; i++) {
        const api = apis[i % apis.length];
        const kind = i % 3;
        const name = kind === 0 ? `fresh-${i}` : `tenant-${(i * 7) % n}`;
        const path = claimPath(name);
        const home = apis.findIndex(a => a.object(path));
        const start = performance.now();
        if (kind === 0) {
          api.put(path, claim(name, { team: 'team-fresh' }));
        } else if (kind === 1 && home >= 0) {
          apis[home].put(
            path,
            claim(name, { team: 'team-fresh', tier: `tier-${i}` }),
          );
        } else if (home >= 0) {
          for (const a of apis) {
            a.remove(path);
          }
        }
        await until(
          async () => {
            const response = await request(server)
              .get(`/api/catalog/entities/by-name/resource/default/${name}`)
              .set('Authorization', mockCredentials.user.header());
            if (kind === 0) return response.status === 200 ? true : undefined;
            if (kind === 1)
              return response.body?.spec?.tenant?.tier === `tier-${i}`
                ? true
                : undefined;
            return response.status === 404 ? true : undefined;
          },
          60_000,
          20,
        );
        latencies.push(performance.now() - start);
      }
    }
    return { visibleMs, latencies };
  } finally {
    await backend.stop();
    await postgres?.stop();
  }
}

async function main() {
  const apis = await Promise.all(CLUSTERS.map(() => startFakeKubernetesApi()));
  try {
    console.log(
      `node ${process.version}, ${CLUSTERS.length} clusters, page size 500`,
    );
    console.log(
      '\nmutation (provider full run: list 3 clusters + parse + map; pure build: parse + map)',
    );
    for (const n of sizes) {
      const r = await mutationRun(apis, n);
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
      const r = await endToEnd(apis, n, n === largest && changes > 0);
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
    await Promise.all(apis.map(api => api.close()));
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
