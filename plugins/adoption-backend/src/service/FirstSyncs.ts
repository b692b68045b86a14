import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AdoptionStore,
  TemplateRunCompletion,
} from '../database/AdoptionStore';
import { mapConcurrently } from '../lib/mapConcurrently';
import { ScaffolderTasks, TemplateRun } from './ScaffolderTasks';

/** The retriever of `@internal/plugin-tech-insights-backend-module-bookstore` and its fact. */
export const ARGOCD_FACTS_ID = 'bookstoreArgoCdFacts';
export const FIRST_DEPLOYED_FACT = 'argocdFirstDeployedAt';

/** Requests in flight at once, to the scaffolder and to tech insights, per summary. */
const CONCURRENCY = 4;
const REQUEST_TIMEOUT_MS = 30_000;

/** A completed run of a service deployed by Argo CD, and when it first synced. */
export interface MeasuredRun {
  completedAt: Date;
  firstSyncedAt: Date | null;
}

/** The answer of the tech insights backend's `GET /facts/latest`: the latest facts per retriever. */
type LatestFacts = Record<string, { facts?: Record<string, unknown> }>;

/**
 * Joins the completed template runs with the first Argo CD sync of the
 * Component each created: the completion from the scaffolder (once per task:
 * recorded, since it never changes), the first sync from the tech insights
 * backend's latest `argocdFirstDeployedAt` (asked once per Component and
 * summary, until known, then recorded).
 */
export class FirstSyncs {
  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
      logger: LoggerService;
      store: AdoptionStore;
      tasks: ScaffolderTasks;
    },
  ) {}

  /**
   * The completed `runs` whose Component is one of `argoCdComponents` (refs
   * in lower case): those are the runs the time to first sync is measured on.
   */
  async measure(
    runs: TemplateRun[],
    argoCdComponents: Set<string>,
  ): Promise<MeasuredRun[]> {
    const { store, tasks, logger } = this.deps;
    const completed = runs.filter(run => run.status === 'completed');
    const recorded = await store.templateRunCompletions(
      completed.map(run => run.id),
    );
    const known = new Set(recorded.map(c => c.taskId));
    const unknown = completed.filter(run => !known.has(run.id));
    const read = await mapConcurrently(
      unknown,
      CONCURRENCY,
      async (run): Promise<TemplateRunCompletion | undefined> => {
        const completion = await tasks.completion(run.id);
        return (
          completion && { taskId: run.id, ...completion, firstSyncedAt: null }
        );
      },
    );
    const fresh = read.filter((c): c is TemplateRunCompletion => Boolean(c));
    await store.recordTemplateRunCompletions(fresh);

    const measured = [...recorded, ...fresh].filter(
      c => c.entityRef !== null && argoCdComponents.has(c.entityRef),
    );
    const waiting = [
      ...new Set(
        measured.filter(c => c.firstSyncedAt === null).map(c => c.entityRef!),
      ),
    ];
    const firstDeployed = new Map(
      await mapConcurrently(
        waiting,
        CONCURRENCY,
        async entityRef =>
          [entityRef, await this.firstDeployedAt(entityRef)] as const,
      ),
    );
    const result: MeasuredRun[] = [];
    for (const run of measured) {
      let firstSyncedAt = run.firstSyncedAt;
      if (firstSyncedAt === null) {
        firstSyncedAt = firstDeployed.get(run.entityRef!) ?? null;
        if (firstSyncedAt) {
          await store.recordFirstSync(run.taskId, firstSyncedAt);
        }
      }
      result.push({ completedAt: run.completedAt, firstSyncedAt });
    }
    logger.debug(
      `Time to first sync: ${result.length} runs measured; read ${unknown.length} completions from the scaffolder and the facts of ${waiting.length} Components from tech insights`,
    );
    return result;
  }

  /** The Component's latest `argocdFirstDeployedAt`; null when not deployed or no facts yet. */
  private async firstDeployedAt(entityRef: string): Promise<Date | null> {
    const { auth, discovery } = this.deps;
    const baseUrl = await discovery.getBaseUrl('tech-insights');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'tech-insights',
    });
    const params = new URLSearchParams({ entity: entityRef });
    params.append('ids[]', ARGOCD_FACTS_ID);
    const response = await fetch(`${baseUrl}/facts/latest?${params}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const latest = (await response.json()) as LatestFacts;
    const value = latest[ARGOCD_FACTS_ID]?.facts?.[FIRST_DEPLOYED_FACT];
    if (typeof value !== 'string') {
      return null;
    }
    const at = new Date(value);
    return Number.isNaN(at.getTime()) ? null : at;
  }
}
