/*
 * Catalog list latency under the team-label permission policy, against allow-all.
 *
 *   source scripts/node-env.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/permission-catalog-list.ts \
 *     [--pg [--jit-off]] [--rounds N]
 *   yarn tsc -p bench        # type-checks this file (the root tsconfig covers packages only)
 *
 * One backend (catalog, scaffolder, permission, auth with oauth2Proxy) holds the example
 * people and 10,000 generated entities (7,000 Components, 3,000 Templates of which 4 in 5
 * are labelled for a team). alice (team-payments) lists the catalog; the permission policy
 * is switched between the team-label policy and allow-all in alternate rounds, so both
 * see the same database in the same state. Prints p50/p95 per query and the ratios; the
 * target is < 1.3x. Takes 3-5 minutes, most of it the catalog ingesting the entities.
 *
 * --pg runs on a throwaway PostgreSQL (as production does; needs the Debian postgresql
 * package, see scripts/setup-system.sh) and --jit-off turns PostgreSQL's JIT compilation
 * off for the backend's connections; the default is SQLite in memory, like the tests.
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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import knexFactory from 'knex';
import request from 'supertest';
import { startPostgres } from '../packages/backend/src/__testUtils__/postgres';
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

const args = process.argv.slice(2);
const usePostgres = args.includes('--pg');
const jitOff = args.includes('--jit-off');
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 6;
const requestsPerRound = 25;

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
      const labelled = i % 5 !== 0;
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
let active: 'team-label' | 'allow-all' = 'team-label';
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

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-catalog-'));
  const postgres = usePostgres ? await startPostgres() : undefined;
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
      `database: ${
        usePostgres
          ? `PostgreSQL${jitOff ? ' (jit off)' : ''}`
          : 'SQLite (in memory)'
      }; ` +
        `${ENTITIES} entities ingested in ${(
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

    // First pages as the portal asks for them: with the total count, which makes the
    // database evaluate the permission filter over every entity.
    const queries: Record<string, Record<string, unknown>> = {
      'catalog page, components (limit 100)': {
        filter: 'kind=component',
        limit: 100,
      },
      'Create page, templates (limit 100)': {
        filter: 'kind=template',
        limit: 100,
      },
      'all kinds (limit 100)': { limit: 100 },
    };
    const samples: Record<string, Record<typeof active, number[]>> = {};
    const walks: Record<typeof active, Array<{ ms: number; items: number }>> = {
      'team-label': [],
      'allow-all': [],
    };
    for (const name of Object.keys(queries)) {
      samples[name] = { 'team-label': [], 'allow-all': [] };
    }

    // Warm up both paths, then alternate the policy every round.
    for (const policy of ['team-label', 'allow-all'] as const) {
      active = policy;
      for (const query of Object.values(queries)) {
        for (let i = 0; i < 5; i++) await timed(server, alice.token, query);
      }
    }
    for (let round = 0; round < rounds; round++) {
      for (const policy of round % 2
        ? (['allow-all', 'team-label'] as const)
        : (['team-label', 'allow-all'] as const)) {
        active = policy;
        for (const [name, query] of Object.entries(queries)) {
          for (let i = 0; i < requestsPerRound; i++) {
            samples[name][policy].push(
              (await timed(server, alice.token, query)).ms,
            );
          }
        }
        walks[policy].push(await walk(server, alice.token));
      }
    }

    const row = (name: string, a: number[], b: number[]) => {
      const [p50a, p95a, p50b, p95b] = [
        percentile(a, 50),
        percentile(a, 95),
        percentile(b, 50),
        percentile(b, 95),
      ];
      return `| ${name} | ${p50a.toFixed(1)} / ${p95a.toFixed(
        1,
      )} | ${p50b.toFixed(1)} / ${p95b.toFixed(1)} | ${(p50a / p50b).toFixed(
        2,
      )}x / ${(p95a / p95b).toFixed(2)}x |`;
    };
    console.log(
      `\nalice (team-payments), ${rounds} rounds x ${requestsPerRound} requests per query and policy; ms p50 / p95`,
    );
    console.log('| query | team-label | allow-all | ratio p50 / p95 |');
    console.log('| --- | --- | --- | --- |');
    const ratios: number[] = [];
    for (const name of Object.keys(queries)) {
      const { 'team-label': t, 'allow-all': a } = samples[name];
      console.log(row(name, t, a));
      ratios.push(percentile(t, 50) / percentile(a, 50));
    }
    const walkMs = (p: typeof active) => walks[p].map(w => w.ms);
    console.log(
      `${row(
        'whole catalog, paged by 500',
        walkMs('team-label'),
        walkMs('allow-all'),
      )}` +
        ` (items: ${walks['team-label'][0].items} vs ${walks['allow-all'][0].items})`,
    );
    ratios.push(
      percentile(walkMs('team-label'), 50) /
        percentile(walkMs('allow-all'), 50),
    );
    const worst = Math.max(...ratios);
    console.log(
      `\nworst p50 ratio: ${worst.toFixed(2)}x (target < 1.3x): ${
        worst < 1.3 ? 'PASS' : 'FAIL'
      }`,
    );
    process.exitCode = worst < 1.3 ? 0 : 1;
  } finally {
    await backend.stop();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main()
  .catch(error => {
    console.error(error);
    process.exitCode = 1;
  })
  // The catalog's and scaffolder's timers outlive backend.stop(); end here.
  .finally(() => process.exit());
