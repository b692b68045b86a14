import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  FactRetriever,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import {
  alertSelectorOf,
  type ServiceAlertsResponse,
} from '@internal/plugin-monitoring-common';
import {
  NO_RULES_FACTS,
  prometheusFacts,
  prometheusFactsSchema,
} from '../facts/prometheusFacts';

/** The retriever's id: the `factIds` of the checks, and its key under `techInsights.factRetrievers`. */
export const PROMETHEUS_FACTS_ID = 'bookstorePrometheusFacts';

/** An error in words, with the remote error's message of a `ResponseError`. */
function describe(error: unknown): string {
  if (error instanceof ResponseError) {
    return `${error.message}: ${error.cause.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Reads the monitoring backend's alerts route, as one plugin calls another. */
class MonitoringAlertsReader {
  private baseUrl?: string;

  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
      requestTimeoutMs: number;
    },
  ) {}

  /** `GET /api/monitoring/alerts/:kind/:namespace/:name`, with the module's service credentials. */
  async alerts(entity: Entity): Promise<ServiceAlertsResponse> {
    const { namespace, kind, name } = getCompoundEntityRef(entity);
    this.baseUrl ??= await this.options.discovery.getBaseUrl('monitoring');
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
      targetPluginId: 'monitoring',
    });
    const response = await fetch(
      `${this.baseUrl}/alerts/${encodeURIComponent(kind)}/${encodeURIComponent(
        namespace,
      )}/${encodeURIComponent(name)}`,
      {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as ServiceAlertsResponse;
  }
}

/**
 * Facts of every Component from the alerting rules Prometheus holds for it,
 * read through the monitoring backend (`plugins/monitoring-backend`, every
 * configured Prometheus instance), so the scorecard sees what the Monitoring
 * tab shows. A Component without `prometheus.io/rule` or
 * `prometheus.io/alert` has none, without a request. A Component whose answer
 * has failed instances and no rule, or that the monitoring backend cannot
 * answer (not configured, failing: it is not asked again in the run), gets no
 * facts, so its last ones stay the latest; one line says why.
 */
export function createPrometheusFactRetriever(options: {
  catalog: CatalogService;
  auth: AuthService;
  discovery: DiscoveryService;
  requestTimeoutMs: number;
}): FactRetriever {
  return {
    id: PROMETHEUS_FACTS_ID,
    version: '0.1.0',
    title: 'Bookstore Prometheus facts',
    description:
      'Whether Prometheus holds alerting rules of each Component, read through the monitoring backend',
    entityFilter: [{ kind: 'component' }],
    schema: prometheusFactsSchema,
    async handler({ logger }) {
      const { items } = await options.catalog.getEntities(
        { filter: { kind: 'component' } },
        { credentials: await options.auth.getOwnServiceCredentials() },
      );
      const reader = new MonitoringAlertsReader(options);
      const facts: TechInsightFact[] = [];
      /** Why the monitoring backend could not answer; it is not asked again in the run. */
      let unavailable: { status?: number; message: string } | undefined;
      let unasked = 0;
      /** The Components whose answer left their rules unknown, by why. */
      const unanswered = new Map<string, string[]>();
      const leaveUnknown = (component: Entity, why: string) =>
        unanswered.set(why, [
          ...(unanswered.get(why) ?? []),
          stringifyEntityRef(component),
        ]);
      for (const component of items) {
        const entity = getCompoundEntityRef(component);
        if (!alertSelectorOf(component)) {
          facts.push({ entity, facts: { ...NO_RULES_FACTS } });
          continue;
        }
        if (unavailable) {
          unasked += 1;
          continue;
        }
        try {
          const answer = await reader.alerts(component);
          const value = prometheusFacts(answer);
          if (value) {
            facts.push({ entity, facts: { ...value } });
          } else {
            leaveUnknown(
              component,
              answer.failures.map(f => f.message).join('; '),
            );
          }
        } catch (error) {
          if (error instanceof ResponseError && error.statusCode === 404) {
            // Gone from the catalog since it was read.
            leaveUnknown(component, describe(error));
          } else {
            unavailable = {
              status:
                error instanceof ResponseError ? error.statusCode : undefined,
              message: describe(error),
            };
            unasked += 1;
          }
        }
      }
      if (unavailable?.status === 503) {
        logger.warn(
          `The monitoring backend cannot read Prometheus, ${unasked} Components keep their last Prometheus facts: ${unavailable.message}`,
        );
      } else if (unavailable) {
        logger.error(
          `The monitoring backend failed, ${unasked} Components keep their last Prometheus facts: ${unavailable.message}`,
        );
      }
      if (unanswered.size > 0) {
        const refs = [...unanswered.values()].flat();
        logger.warn(
          `Prometheus could not tell the alerting rules of ${
            refs.length
          } Components, they keep their last facts: ${[...unanswered]
            .map(([why, of]) => `${why} (${of.join(', ')})`)
            .join('; ')}`,
        );
      }
      logger.info(
        `Prometheus facts of ${facts.length} of ${items.length} Components`,
      );
      return facts;
    },
  };
}
