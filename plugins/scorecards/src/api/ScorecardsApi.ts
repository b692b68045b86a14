import type {
  Check,
  CheckResult,
} from '@backstage-community/plugin-tech-insights-common';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { SerializedError } from '@backstage/errors';
import { createApiRef } from '@backstage/frontend-plugin-api';

/**
 * One entity's results in a run of the checks for many entities. `error` is set
 * (and `results` empty) when the checks could not run for it.
 *
 * @public
 */
export interface EntityCheckResults {
  /** The entity's ref, as it was sent. */
  entity: string;
  results: CheckResult[];
  error?: SerializedError;
}

/**
 * The Tech Insights backend's checks, and running them on the latest facts.
 *
 * @public
 */
export interface ScorecardsApi {
  /** Every check: name, description, `metadata.category` and `links` to fix it. */
  getChecks(): Promise<Check[]>;
  /**
   * Every check's result for one entity. A check with no facts for it yet (or
   * whose filter excludes it) has no result.
   */
  runChecks(entityRef: CompoundEntityRef): Promise<CheckResult[]>;
  /** The results of the given checks (by id) for each of the entities (refs). */
  runBulkChecks(
    entityRefs: string[],
    checkIds: string[],
  ): Promise<EntityCheckResults[]>;
}

/** @public */
export const scorecardsApiRef = createApiRef<ScorecardsApi>().with({
  id: 'plugin.scorecards.api',
  pluginId: 'scorecards',
});
