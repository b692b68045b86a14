import type {
  Check,
  CheckResult,
} from '@backstage-community/plugin-tech-insights-common';
import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { SerializedError } from '@backstage/errors';
import { JsonValue } from '@backstage/types';
import { EntityCheckResults } from './api/ScorecardsApi';

/**
 * A check as it stands for one entity: `unscored` when the backend gave no
 * result (no facts for the entity yet, or the check does not apply to it).
 */
export interface ScoredCheck {
  check: Check;
  outcome: 'passed' | 'failed' | 'unscored';
  /** Why it failed, in words: each fact value that failed its condition. */
  reasons: string[];
}

/** Passed checks out of the scored ones. */
export interface Score {
  passed: number;
  total: number;
}

const CATEGORY_WITHOUT_METADATA = 'Other';

/** The check's `metadata.category`. */
export function categoryOf(check: Check): string {
  const category = check.metadata?.category;
  return typeof category === 'string' ? category : CATEGORY_WITHOUT_METADATA;
}

/** Each check with its result among `results` (the backend's, for one entity). */
export function scoreChecks(
  checks: Check[],
  results: CheckResult[],
): ScoredCheck[] {
  const byId = new Map(results.map(result => [result.check.id, result]));
  return checks.map(check => {
    const result = byId.get(check.id);
    if (!result) {
      return { check, outcome: 'unscored', reasons: [] };
    }
    return result.result === true
      ? { check, outcome: 'passed', reasons: [] }
      : { check, outcome: 'failed', reasons: failureReasons(result) };
  });
}

/** The score of some scored checks (one entity's, or a team's together). */
export function scoreOf(scored: ScoredCheck[]): Score {
  return {
    passed: scored.filter(s => s.outcome === 'passed').length,
    total: scored.filter(s => s.outcome !== 'unscored').length,
  };
}

/** "7 of 9 checks passed (78 %)", or that none has been scored. */
export function describeScore({ passed, total }: Score): string {
  if (total === 0) {
    return 'No check scored yet';
  }
  return `${passed} of ${total} checks passed (${Math.round(
    (100 * passed) / total,
  )} %)`;
}

/** Items grouped by their check's category, categories in the order met. */
export function groupByCategory<T extends { check: Check }>(
  items: T[],
): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const category = categoryOf(item.check);
    groups.set(category, [...(groups.get(category) ?? []), item]);
  }
  return [...groups];
}

/** A json-rules-engine condition, as the backend returns it evaluated in `check.rule`. */
interface Condition {
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
  fact?: string;
  operator?: string;
  value?: JsonValue;
  factResult?: JsonValue;
  result?: boolean;
}

const OPERATOR_WORDS: Record<string, string> = {
  equal: '',
  notEqual: 'not ',
  lessThan: 'less than ',
  lessThanInclusive: 'at most ',
  greaterThan: 'more than ',
  greaterThanInclusive: 'at least ',
  in: 'one of ',
  notIn: 'none of ',
  contains: 'to contain ',
  doesNotContain: 'not to contain ',
};

function inWords(value: JsonValue | undefined): string {
  if (value === true) return 'yes';
  if (value === false) return 'no';
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return value.map(inWords).join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Why a check failed: each condition on a fact that did not hold, as
 * "<the fact's description>: <its value> (needs <the condition>)". Without
 * the evaluated rule, the facts the check used and their values.
 */
export function failureReasons(result: CheckResult): string[] {
  const facts = result.facts ?? {};
  const describe = (fact: string) => facts[fact]?.description || fact;
  const rule = (result.check as { rule?: { conditions?: Condition } }).rule;

  const reasons: string[] = [];
  const walk = (condition: Condition, negated: boolean) => {
    for (const sub of [...(condition.all ?? []), ...(condition.any ?? [])]) {
      walk(sub, negated);
    }
    if (condition.not) {
      walk(condition.not, !negated);
    }
    if (condition.fact === undefined) {
      return;
    }
    const failed = negated
      ? condition.result === true
      : condition.result === false;
    if (failed) {
      const actual =
        'factResult' in condition
          ? condition.factResult
          : (facts[condition.fact]?.value as JsonValue | undefined);
      const operator =
        OPERATOR_WORDS[condition.operator ?? ''] ?? `${condition.operator} `;
      reasons.push(
        `${describe(condition.fact)}: ${inWords(actual)} (needs ${
          negated ? 'not ' : ''
        }${operator}${inWords(condition.value)})`,
      );
    }
  };
  if (rule?.conditions) {
    walk(rule.conditions, false);
  }
  if (reasons.length > 0) {
    return reasons;
  }
  return Object.entries(facts).map(
    ([fact, { value }]) =>
      `${describe(fact)}: ${inWords(value as JsonValue | undefined)}`,
  );
}

/** A service's row of the Scorecards page. */
export interface ServiceScorecard {
  entity: Entity;
  /** The owner's ref (`group:default/team-orders`), `undefined` without `spec.owner`. */
  owner?: string;
  checks: ScoredCheck[];
  /** Why the backend could not run the checks for it. */
  error?: SerializedError;
}

function ownerOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner === '') {
    return undefined;
  }
  return stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    }),
  );
}

/** Each entity with its results among `runs` (a bulk run's answer), sorted by name. */
export function serviceScorecards(
  entities: Entity[],
  runs: EntityCheckResults[],
  checks: Check[],
): ServiceScorecard[] {
  const byRef = new Map(runs.map(run => [run.entity, run]));
  return entities
    .map(entity => {
      const run = byRef.get(stringifyEntityRef(entity));
      return {
        entity,
        owner: ownerOf(entity),
        checks: scoreChecks(checks, run?.results ?? []),
        error: run?.error,
      };
    })
    .sort((a, b) =>
      a.entity.metadata.name.localeCompare(b.entity.metadata.name),
    );
}

/** Each owner's services and their checks' score together, by owner ref. */
export function teamScores(
  services: ServiceScorecard[],
): Array<{ owner?: string; services: number; score: Score }> {
  const byOwner = new Map<string | undefined, ServiceScorecard[]>();
  for (const service of services) {
    byOwner.set(service.owner, [
      ...(byOwner.get(service.owner) ?? []),
      service,
    ]);
  }
  return [...byOwner]
    .map(([owner, owned]) => ({
      owner,
      services: owned.length,
      score: scoreOf(owned.flatMap(s => s.checks)),
    }))
    .sort((a, b) => (a.owner ?? '').localeCompare(b.owner ?? ''));
}

/**
 * Whether a service fails what `failing` names: `check:<id>` (that check),
 * `category:<name>` (any check of the category); everything for `''`.
 */
export function isFailing(service: ServiceScorecard, failing: string): boolean {
  if (failing === '') {
    return true;
  }
  return service.checks.some(
    s =>
      s.outcome === 'failed' &&
      (failing === `check:${s.check.id}` ||
        failing === `category:${categoryOf(s.check)}`),
  );
}
