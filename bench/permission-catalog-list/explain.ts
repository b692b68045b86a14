/*
 * `--explain` for bench/permission-catalog-list.ts (PostgreSQL only): where the time of a
 * first page goes, in the database. For each portal query it rebuilds the catalog's
 * `totalItems` count query for allow-all and for the team-label policy's filter, times
 * both straight against the database (no HTTP) and prints a summary of their
 * EXPLAIN ANALYZE plans: the join, how many times the permission filter's subplans ran,
 * JIT compilation and execution time.
 *
 * The count query is rebuilt with the catalog's own filter-to-SQL functions, which are not
 * part of its public API; they are loaded from @backstage/plugin-catalog-backend's dist
 * (as of 4.0.0) and this fails loudly if they move. The query's frame mirrors
 * DefaultEntitiesCatalog.queryEntities (count of final_entities with the filter applied).
 */
import type { Entity } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  PermissionRule,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  TeamLabelPolicy,
  hasLabelValueIn,
} from '@internal/plugin-permission-backend-module-team-label';
import type { Knex } from 'knex';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

const catalogDist = join(
  dirname(require.resolve('@backstage/plugin-catalog-backend/package.json')),
  'dist/service/request',
);
const { applyEntityFilterToQuery } = require(join(
  catalogDist,
  'applyEntityFilterToQuery.cjs.js',
));
const { entityFilterToFilterPredicate } = require(join(
  catalogDist,
  'entityFilterToFilterPredicate.cjs.js',
));

/** The team-label policy's catalog filter for a user with these ownership refs. */
async function teamLabelFilter(options: {
  labelKey: string;
  userEntityRef: string;
  ownershipEntityRefs: string[];
}) {
  const { userEntityRef, ownershipEntityRefs } = options;
  const policy = new TeamLabelPolicy({
    config: { labelKey: options.labelKey, adminGroups: [] },
    userInfo: {
      getUserInfo: async () => ({ userEntityRef, ownershipEntityRefs }),
    },
  });
  const decision = await policy.handle(
    { permission: catalogEntityReadPermission },
    { credentials: {} as any, info: { userEntityRef, ownershipEntityRefs } },
  );
  if (decision.result !== AuthorizeResult.CONDITIONAL) {
    throw new Error(`expected a conditional decision, got ${decision.result}`);
  }
  const rules: PermissionRule<Entity, unknown, string>[] = [
    ...Object.values(permissionRules),
    hasLabelValueIn,
  ] as any;
  const transform = createConditionTransformer({
    getRuleByName: name => rules.find(r => r.name === name)!,
  });
  return entityFilterToFilterPredicate(transform(decision.conditions));
}

function countQuery(knex: Knex, predicate: object | undefined) {
  const query = knex('final_entities')
    .whereNotNull('final_entities.final_entity')
    .count('*', { as: 'count' });
  if (predicate) {
    applyEntityFilterToQuery({
      filter: predicate,
      targetQuery: query,
      onEntityIdField: 'final_entities.entity_id',
      knex,
    });
  }
  return query;
}

/** The lines of a plan that say where the time went. */
function summarise(plan: string[]): string[] {
  const keep = [
    /^\S.*\(cost=/, // the top node
    /^\s+->\s+(Hash Join|Nested Loop|Merge .*Join|Seq Scan|Hash Semi Join|Hash Anti Join)/,
    /SubPlan \d+$/,
    /Index Only Scan .*loops=\d{3,}/,
    /Filter: .*SubPlan/,
    /^JIT:|Timing:/,
    /^Execution Time/,
  ];
  return plan
    .filter(line => keep.some(re => re.test(line)))
    .map(line => line.replace(/\s+\(cost=[^)]*\)/, ''));
}

export async function explain(options: {
  knex: Knex;
  labelKey: string;
  user: { userEntityRef: string; ownershipEntityRefs: string[] };
  queries: Record<string, { filter?: string }>;
  runs?: number;
}) {
  const { knex, runs = 40 } = options;
  const permission = await teamLabelFilter({
    labelKey: options.labelKey,
    ...options.user,
  });
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

  console.log(
    `\nThe count query (totalItems) alone, in the database; ${runs} runs each, alternating; ms p50`,
  );
  for (const [name, { filter }] of Object.entries(options.queries)) {
    // The portal's filters here are single `kind=…`, i.e. { kind: '…' } predicates.
    const requested = filter
      ? { [filter.split('=')[0]]: filter.split('=')[1] }
      : undefined;
    const variants = {
      'allow-all': countQuery(knex, requested),
      'team-label': countQuery(
        knex,
        requested ? { $all: [permission, requested] } : permission,
      ),
    };
    const times: Record<string, number[]> = {
      'allow-all': [],
      'team-label': [],
    };
    for (let i = 0; i < runs; i++) {
      const order = Object.entries(variants);
      for (const [variant, query] of i % 2 ? order.reverse() : order) {
        const start = performance.now();
        await knex.raw(query.toString());
        times[variant].push(performance.now() - start);
      }
    }
    console.log(
      `\n### ${name}: allow-all ${median(times['allow-all']).toFixed(
        1,
      )} ms, team-label ${median(times['team-label']).toFixed(1)} ms`,
    );
    for (const [variant, query] of Object.entries(variants)) {
      const { rows } = await knex.raw(`EXPLAIN ANALYZE ${query.toString()}`);
      console.log(`${variant}:`);
      for (const line of summarise(
        rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']),
      )) {
        console.log(`    ${line}`);
      }
    }
  }
}
