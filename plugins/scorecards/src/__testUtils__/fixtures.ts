import type {
  Check,
  CheckResult,
} from '@backstage-community/plugin-tech-insights-common';
import { Entity } from '@backstage/catalog-model';
import { http, HttpResponse } from 'msw';
import checks from './techInsights/checks.json';
import ordersRun from './techInsights/run-orders.json';
import paymentsGatewayRun from './techInsights/run-payments-gateway.json';
import recommendationsRun from './techInsights/run-recommendations.json';
import shippingRun from './techInsights/run-shipping.json';

/*
 * The answers in techInsights/ are the Tech Insights backend's, to the letter:
 * `GET /checks` and `POST /checks/run/...` of its json-rules-engine checker
 * (@backstage-community/plugin-tech-insights-backend-module-jsonfc) with the
 * checks of the root app-config.yaml, on the facts of our retrievers:
 * - orders: every fact good;
 * - shipping: no runbook, its Argo CD Application OutOfSync;
 * - payments-gateway: no tenant, not made by the golden path, never deployed;
 * - recommendations: no PagerDuty service, no Grafana dashboard, no Argo CD
 *   and no Prometheus facts yet (their checks have no result).
 */

export const TECH_INSIGHTS_URL = 'http://localhost:7007/api/tech-insights';
export const CATALOG_URL = 'http://localhost:7007/api/catalog';

export const shippedChecks = checks as Check[];

const runs: Record<string, Array<{ check: { id: string } }>> = {
  'component:default/orders': ordersRun,
  'component:default/shipping': shippingRun,
  'component:default/payments-gateway': paymentsGatewayRun,
  'component:default/recommendations': recommendationsRun,
};

/**
 * The backend's results for an entity of the fixtures. (`CheckResult` types
 * each fact with an `id` that the json-rules-engine checker does not send.)
 */
export function resultsOf(entityRef: keyof typeof runs): CheckResult[] {
  return runs[entityRef] as unknown as CheckResult[];
}

/** A Component as the catalog returns it (the fields the scorecards read). */
export function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', owner, lifecycle: 'production' },
  };
}

export const components = [
  component('orders', 'team-orders'),
  component('shipping', 'team-orders'),
  component('payments-gateway', 'team-payments'),
  component('recommendations', 'group:default/team-recommendations'),
];

/** What the backend answers when it cannot run the checks for an entity. */
export const rulesEngineError = {
  name: 'Error',
  message: 'Failed to run rules engine, Not all facts are defined: hasRunbook',
};

/**
 * The Tech Insights backend's check routes, answering from the runs above;
 * an entity without a run gets the error the backend reports for it.
 */
export const techInsightsHandlers = [
  http.get(`${TECH_INSIGHTS_URL}/checks`, () => HttpResponse.json(checks)),
  http.post(
    `${TECH_INSIGHTS_URL}/checks/run/:namespace/:kind/:name`,
    ({ params }) =>
      HttpResponse.json(
        runs[`${params.kind}:${params.namespace}/${params.name}`] ?? [],
      ),
  ),
  http.post(`${TECH_INSIGHTS_URL}/checks/run`, async ({ request }) => {
    const { entities, checks: ids } = (await request.json()) as {
      entities: string[];
      checks: string[];
    };
    return HttpResponse.json(
      entities.map(entity =>
        runs[entity]
          ? {
              entity,
              results: runs[entity].filter(r => ids.includes(r.check.id)),
            }
          : { entity, error: rulesEngineError, results: [] },
      ),
    );
  }),
];
