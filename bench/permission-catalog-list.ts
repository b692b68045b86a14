/*
 * Catalog list latency under the team-label permission policy, against allow-all.
 *
 *   source scripts/node-env.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/permission-catalog-list.ts \
 *     [--pg | --both] [--jit-off] [--explain] [--iterations N] [--walks N]
 *   yarn tsc -p bench        # type-checks this file (the root tsconfig covers packages only)
 *
 * One backend (catalog, scaffolder, permission, auth with oauth2Proxy) per database holds the
 * example people and 10,000 generated entities (7,000 Components, 3,000 Templates of which
 * 4 in 5 are labelled for one of 8 teams). alice (team-payments, under engineering and
 * bookstore) lists the catalog over HTTP, and the permission policy is switched between the
 * team-label policy and allow-all **for every request**, alternating which goes first, so
 * both policies see the same database in the same state and the same background load
 * (the machine this runs on is usually shared). After a warm-up of both paths, prints p50
 * and p95 per query and policy and their ratios; the target is a p50 ratio < 1.3x.
 *
 * Queries: the three first pages the portal asks for (with `totalItems`, which is what makes
 * the database evaluate the permission filter for every entity), the same page without the
 * total (`totalItems=exclude`, a diagnostic: not what the portal asks, not part of the
 * target), and the whole catalog read page by page (500 per page; only the first page
 * counts).
 *
 * Default database: SQLite in memory, like the tests. --pg: a throwaway PostgreSQL (as
 * production; needs the Debian postgresql package, see scripts/setup-system.sh), vacuumed
 * and analysed after the load as autovacuum would. --both: SQLite, then PostgreSQL.
 * --jit-off: PostgreSQL's JIT compilation off for the backend's connections (it is on by
 * default, and compiles any query whose estimated cost passes jit_above_cost).
 * --explain (PostgreSQL): afterwards, the count queries alone in the database with a summary
 * of their plans (see permission-catalog-list/explain.ts).
 * Takes 3-6 minutes per database, most of it the catalog ingesting the entities.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  TeamLabelPolicy,
  readTeamLabelPolicyConfig,
} from '@internal/plugin-permission-backend-module-team-label';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import knexFactory from 'knex';
import request from 'supertest';
import { startPostgres } from '../packages/backend/src/__testUtils__/postgres';
import { explain } from './permission-catalog-list/explain';
import {
  LABEL_KEY,
  ORG_FILE,
  SERVICE_TOKEN,
  eventually,
  signInAs,
  startTeamLabelBackend,
  teamLabelConfig,
} from '../plugins/permission-backend-module-team-label/src/__testUtils__/teamLabelBackend';

const ENTITIES = 10_000;
const TEAMS = [
  'team-catalog',
  'team-orders',
  'team-payments',
  'team-search',
  'team-events',
  'team-recommendations',
  'team-storefront',
  'platform-team',
];
const TARGET = 1.3;

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(name);
  return (index >= 0 && Number(args[index + 1])) || fallback;
};
const databases: Array<'sqlite' | 'pg'> = args.includes('--both')
  ? ['sqlite', 'pg']
  : [args.includes('--pg') ? 'pg' : 'sqlite'];
const jitOff = args.includes('--jit-off');
const withExplain = args.includes('--explain');
/** Requests per query and policy. */
const iterations = option('--iterations', 150);
/** Whole-catalog reads per policy. */
const walks = option('--walks', 20);
const warmUp = 10;

type Policy = 'team-label' | 'allow-all';
const POLICIES: Policy[] = ['team-label', 'allow-all'];

/** 10,000 entities: 70% Components, 30% Templates (4 in 5 labelled for a team). */
function generateCatalog(dir: string): string {
  const docs: string[] = [];
  for (let i = 0; i < ENTITIES; i++) {
    const team = TEAMS[i % TEAMS.length];
    if (i % 10 < 7) {
      docs.push(
        [
          'apiVersion: backstage.io/v1alpha1',
          'kind: Component',
          'metadata:',
          `  name: bench-component-${i}`,
          'spec:',
          '  type: service',
          '  lifecycle: production',
          `  owner: ${team}`,
        ].join('\n'),
      );
    } else {
      // Every fifth block of ten leaves its templates unlabelled (open to everyone).
      const labelled = Math.floor(i / 10) % 5 !== 0;
      docs.push(
        [
          'apiVersion: scaffolder.backstage.io/v1beta3',
          'kind: Template',
          'metadata:',
          `  name: bench-template-${i}`,
          ...(labelled ? ['  labels:', `    ${LABEL_KEY}: ${team}`] : []),
          'spec:',
          '  type: service',
          `  owner: ${team}`,
          '  steps: []',
        ].join('\n'),
      );
    }
  }
  const file = join(dir, 'bench-catalog.yaml');
  writeFileSync(file, `${docs.join('\n---\n')}\n`);
  return file;
}

/** A policy module whose policy is switched between team-label and allow-all. */
let active: Policy = 'team-label';
const switchablePolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'bench-switchable-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        const teamLabel = new TeamLabelPolicy({
          config: readTeamLabelPolicyConfig(config),
          userInfo,
        });
        const allowAll: PermissionPolicy = {
          handle: async () => ({ result: AuthorizeResult.ALLOW }),
        };
        policy.setPolicy({
          handle: (req, user) =>
            (active === 'team-label' ? teamLabel : allowAll).handle(req, user),
        });
      },
    });
  },
});

async function timed(
  server: Server,
  token: string,
  query: Record<string, unknown>,
) {
  const start = performance.now();
  const response = await request(server)
    .get('/api/catalog/entities/by-query')
    .query(query)
    .set('Authorization', `Bearer ${token}`);
  const ms = performance.now() - start;
  if (response.status !== 200) {
    throw new Error(`catalog answered ${response.status}: ${response.text}`);
  }
  return { ms, body: response.body };
}

/** Lists everything the token's holder can see, page by page; returns the total time. */
async function walk(server: Server, token: string) {
  let total = 0;
  let items = 0;
  let cursor: string | undefined;
  do {
    const { ms, body } = await timed(
      server,
      token,
      cursor ? { cursor } : { limit: 500 },
    );
    total += ms;
    items += body.items.length;
    cursor = body.pageInfo?.nextCursor;
  } while (cursor);
  return { ms: total, items };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
};

/** First pages as the portal asks for them: with the total count. */
const PORTAL_QUERIES: Record<string, Record<string, unknown>> = {
  'catalog page, components (limit 100)': {
    filter: 'kind=component',
    limit: 100,
  },
  'Create page, templates (limit 100)': { filter: 'kind=template', limit: 100 },
  'all kinds (limit 100)': { limit: 100 },
};
/** The same page without the total: where the cost is (not part of the target). */
const DIAGNOSTIC_QUERIES: Record<string, Record<string, unknown>> = {
  'all kinds (limit 100), no total [diagnostic]': {
    limit: 100,
    totalItems: 'exclude',
  },
};
const WALK = 'whole catalog, paged by 500';

interface Result {
  database: string;
  rows: Array<{
    name: string;
    target: boolean;
    samples: Record<Policy, number[]>;
    totals: Record<Policy, number>;
  }>;
  load: [number, number];
}

async function measure(database: 'sqlite' | 'pg'): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-catalog-'));
  const postgres = database === 'pg' ? await startPostgres() : undefined;
  const backend = await startTeamLabelBackend({
    policy: switchablePolicy,
    config: teamLabelConfig({
      locations: [ORG_FILE, generateCatalog(dir)],
      ...(postgres
        ? {
            database: {
              client: 'pg',
              connection: {
                ...postgres.connection,
                ...(jitOff ? { options: '-c jit=off' } : {}),
              },
            },
          }
        : {}),
    }),
  });
  const { server } = backend;
  const label = postgres
    ? `PostgreSQL${jitOff ? ' (jit off)' : ''}`
    : 'SQLite (in memory)';
  try {
    const ingestStart = performance.now();
    await eventually(
      `${ENTITIES} entities in the catalog`,
      async () => {
        const { body } = await timed(server, SERVICE_TOKEN, {
          filter: ['kind=component', 'kind=template'],
          limit: 1,
        });
        return body.totalItems >= ENTITIES ? body.totalItems : undefined;
      },
      30 * 60_000,
    );
    console.log(
      `\n${label}: ${ENTITIES} entities ingested in ${(
        (performance.now() - ingestStart) /
        1000
      ).toFixed(0)} s`,
    );
    if (postgres) {
      // Freshly loaded tables have neither planner statistics nor a visibility map until
      // autovacuum gets to them (within minutes of a bulk load in production); do its work
      // now so both policies are measured on the plans a settled database uses.
      const catalogDb = knexFactory({
        client: 'pg',
        connection: {
          ...postgres.connection,
          database: 'backstage_plugin_catalog',
        },
      });
      await catalogDb.raw('VACUUM ANALYZE');
      await catalogDb.destroy();
    }
    const alice = await signInAs(server, 'alice');
    const queries = { ...PORTAL_QUERIES, ...DIAGNOSTIC_QUERIES };
    const empty = () => ({ 'team-label': [], 'allow-all': [] });
    const samples: Record<string, Record<Policy, number[]>> = {};
    const totals: Record<string, Record<Policy, number>> = {};
    for (const name of [...Object.keys(queries), WALK]) {
      samples[name] = empty();
      totals[name] = { 'team-label': 0, 'allow-all': 0 };
    }

    // Warm up both paths (and record what each policy lets alice see).
    for (const policy of POLICIES) {
      active = policy;
      for (const [name, query] of Object.entries(queries)) {
        for (let i = 0; i < warmUp; i++) {
          await timed(server, alice.token, query);
        }
        const { body } = await timed(server, alice.token, {
          ...query,
          totalItems: 'include',
        });
        totals[name][policy] = body.totalItems;
      }
      totals[WALK][policy] = (await walk(server, alice.token)).items;
    }

    const loadBefore = loadavg()[0];
    // Paired samples: both policies for every request, alternating which goes first.
    for (let i = 0; i < iterations; i++) {
      for (const [name, query] of Object.entries(queries)) {
        for (const policy of i % 2 ? [...POLICIES].reverse() : POLICIES) {
          active = policy;
          samples[name][policy].push(
            (await timed(server, alice.token, query)).ms,
          );
        }
      }
    }
    for (let i = 0; i < walks; i++) {
      for (const policy of i % 2 ? [...POLICIES].reverse() : POLICIES) {
        active = policy;
        samples[WALK][policy].push((await walk(server, alice.token)).ms);
      }
    }
    if (postgres && withExplain) {
      const catalogDb = knexFactory({
        client: 'pg',
        connection: {
          ...postgres.connection,
          database: 'backstage_plugin_catalog',
          ...(jitOff ? { options: '-c jit=off' } : {}),
        },
      });
      try {
        await explain({
          knex: catalogDb,
          labelKey: LABEL_KEY,
          user: alice,
          queries: Object.fromEntries(
            Object.entries(PORTAL_QUERIES).map(([name, q]) => [
              name,
              { filter: q.filter as string | undefined },
            ]),
          ),
        });
      } finally {
        await catalogDb.destroy();
      }
    }
    return {
      database: label,
      load: [loadBefore, loadavg()[0]],
      rows: [...Object.keys(queries), WALK].map(name => ({
        name,
        target: !(name in DIAGNOSTIC_QUERIES),
        samples: samples[name],
        totals: totals[name],
      })),
    };
  } finally {
    await backend.stop();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(results: Result[]) {
  console.log(
    `\nalice (team-payments); ${iterations} requests per query and policy, ${walks} whole-catalog reads per policy; ms`,
  );
  console.log(
    '| database | query | items (team-label / allow-all) | team-label p50 / p95 | allow-all p50 / p95 | ratio p50 / p95 |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  const ratios: number[] = [];
  for (const result of results) {
    for (const { name, target, samples, totals } of result.rows) {
      const t = samples['team-label'];
      const a = samples['allow-all'];
      const [t50, t95, a50, a95] = [
        percentile(t, 50),
        percentile(t, 95),
        percentile(a, 50),
        percentile(a, 95),
      ];
      if (target) {
        ratios.push(t50 / a50);
      }
      console.log(
        `| ${result.database} | ${name} | ${totals['team-label']} / ${
          totals['allow-all']
        } | ${t50.toFixed(1)} / ${t95.toFixed(1)} | ${a50.toFixed(
          1,
        )} / ${a95.toFixed(1)} | ${(t50 / a50).toFixed(2)}x / ${(
          t95 / a95
        ).toFixed(2)}x |`,
      );
    }
  }
  for (const result of results) {
    console.log(
      `${result.database}: 1-minute load average ${result.load[0].toFixed(
        1,
      )} before, ${result.load[1].toFixed(1)} after the measurements`,
    );
  }
  const worst = Math.max(...ratios);
  console.log(
    `\nworst p50 ratio: ${worst.toFixed(2)}x (target < ${TARGET}x): ${
      worst < TARGET ? 'PASS' : 'FAIL'
    }`,
  );
  return worst < TARGET;
}

async function main() {
  const results: Result[] = [];
  for (const database of databases) {
    results.push(await measure(database));
  }
  process.exitCode = report(results) ? 0 : 1;
}

main()
  .catch(error => {
    console.error(error);
    process.exitCode = 1;
  })
  // The catalog's and scaffolder's timers outlive backend.stop(); end here.
  .finally(() => process.exit());
