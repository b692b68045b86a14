import type { CheckResult } from '@backstage-community/plugin-tech-insights-common';
import {
  component,
  resultsOf,
  rulesEngineError,
  shippedChecks,
} from './__testUtils__/fixtures';
import {
  describeScore,
  failureReasons,
  groupByCategory,
  isFailing,
  scoreChecks,
  scoreOf,
  serviceScorecards,
  teamScores,
} from './scorecard';

const resultOf = (entityRef: string, checkId: string): CheckResult => {
  const result = resultsOf(entityRef).find(r => r.check.id === checkId);
  if (!result) throw new Error(`no result of ${checkId} for ${entityRef}`);
  return result;
};

describe('failureReasons', () => {
  it('names each condition that failed, with the fact value in words', () => {
    expect(
      failureReasons(
        resultOf('component:default/shipping', 'argocdSyncedHealthy'),
      ),
    ).toEqual([
      'The Application is Synced (status.sync.status): no (needs yes)',
    ]);
    expect(
      failureReasons(
        resultOf('component:default/payments-gateway', 'deployedWithin90Days'),
      ),
    ).toEqual([
      'Whole days since Argo CD last deployed it (status.history[].deployedAt, else status.operationState.finishedAt); null when never: none (needs at most 90)',
    ]);
  });

  it('reads a negated condition as failing when it held', () => {
    const result = resultOf('component:default/shipping', 'hasRunbook');
    expect(
      failureReasons({
        ...result,
        check: {
          ...result.check,
          rule: {
            conditions: {
              not: {
                fact: 'hasRunbook',
                operator: 'equal',
                value: true,
                factResult: true,
                result: true,
              },
            },
          },
        } as CheckResult['check'],
      }),
    ).toEqual([
      'A link of type runbook, or a runbook page (docs/runbook.md) in the published TechDocs site: yes (needs not yes)',
    ]);
  });

  it('lists the facts used when the result has no evaluated rule', () => {
    const result = resultOf('component:default/shipping', 'hasRunbook');
    const { rule: _rule, ...check } = result.check as CheckResult['check'] & {
      rule: unknown;
    };
    expect(failureReasons({ ...result, check })).toEqual([
      'A link of type runbook, or a runbook page (docs/runbook.md) in the published TechDocs site: no',
    ]);
  });
});

describe('scoreChecks', () => {
  it('gives every check an outcome, unscored without a result', () => {
    const scored = scoreChecks(
      shippedChecks,
      resultsOf('component:default/recommendations'),
    );
    expect(
      Object.fromEntries(scored.map(s => [s.check.id, s.outcome])),
    ).toEqual({
      hasPagerDuty: 'failed',
      hasRunbook: 'passed',
      hasHealthCheck: 'unscored',
      hasTechDocs: 'passed',
      apiDocumented: 'passed',
      ownerExists: 'passed',
      ownerOnCall: 'failed',
      argocdSyncedHealthy: 'unscored',
      deployedWithin90Days: 'unscored',
      runsInTenant: 'passed',
      madeByGoldenPath: 'passed',
      hasDashboard: 'failed',
      hasAlertingRules: 'unscored',
    });
    expect(scoreOf(scored)).toEqual({ passed: 6, total: 9 });
    expect(describeScore(scoreOf(scored))).toBe('6 of 9 checks passed (67 %)');
    expect(describeScore(scoreOf(scoreChecks(shippedChecks, [])))).toBe(
      'No check scored yet',
    );
    expect(
      groupByCategory(scored).map(([category, s]) => [category, s.length]),
    ).toEqual([
      ['Reliability', 3],
      ['Documentation', 2],
      ['Ownership', 2],
      ['Operations', 4],
      ['Observability', 2],
    ]);
  });
});

describe('the Scorecards page data', () => {
  const services = serviceScorecards(
    [
      component('shipping', 'team-orders'),
      component('orders', 'group:default/team-orders'),
      component('search', 'team-search'),
    ],
    [
      {
        entity: 'component:default/orders',
        results: resultsOf('component:default/orders'),
      },
      {
        entity: 'component:default/shipping',
        results: resultsOf('component:default/shipping'),
      },
      {
        entity: 'component:default/search',
        results: [],
        error: rulesEngineError,
      },
    ],
    shippedChecks,
  );

  it('scores each service and each owner team', () => {
    expect(
      services.map(s => [
        s.entity.metadata.name,
        s.owner,
        scoreOf(s.checks),
        s.error,
      ]),
    ).toEqual([
      [
        'orders',
        'group:default/team-orders',
        { passed: 13, total: 13 },
        undefined,
      ],
      [
        'search',
        'group:default/team-search',
        { passed: 0, total: 0 },
        rulesEngineError,
      ],
      [
        'shipping',
        'group:default/team-orders',
        { passed: 11, total: 13 },
        undefined,
      ],
    ]);
    expect(teamScores(services)).toEqual([
      {
        owner: 'group:default/team-orders',
        services: 2,
        score: { passed: 24, total: 26 },
      },
      {
        owner: 'group:default/team-search',
        services: 1,
        score: { passed: 0, total: 0 },
      },
    ]);
  });

  it('finds the services failing a check or a category', () => {
    const failing = (filter: string) =>
      services
        .filter(s => isFailing(s, filter))
        .map(s => s.entity.metadata.name);
    expect(failing('')).toEqual(['orders', 'search', 'shipping']);
    expect(failing('check:hasRunbook')).toEqual(['shipping']);
    expect(failing('check:argocdSyncedHealthy')).toEqual(['shipping']);
    expect(failing('category:Reliability')).toEqual(['shipping']);
    expect(failing('category:Documentation')).toEqual([]);
    expect(failing('category:Observability')).toEqual([]);
  });
});
