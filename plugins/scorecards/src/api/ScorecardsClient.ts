import type {
  Check,
  CheckResult,
} from '@backstage-community/plugin-tech-insights-common';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { EntityCheckResults, ScorecardsApi } from './ScorecardsApi';

/**
 * Reads the Tech Insights backend's `/api/tech-insights/checks` routes with the
 * signed-in user's credentials (the fetch API adds them).
 *
 * @public
 */
export class ScorecardsClient implements ScorecardsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getChecks(): Promise<Check[]> {
    return this.request('checks');
  }

  runChecks(ref: CompoundEntityRef): Promise<CheckResult[]> {
    const path = [ref.namespace, ref.kind.toLocaleLowerCase('en-US'), ref.name]
      .map(encodeURIComponent)
      .join('/');
    return this.request(`checks/run/${path}`, {});
  }

  async runBulkChecks(
    entityRefs: string[],
    checkIds: string[],
  ): Promise<EntityCheckResults[]> {
    // The backend runs an empty list of entities for every entity it has facts of.
    if (entityRefs.length === 0) {
      return [];
    }
    return this.request('checks/run', {
      entities: entityRefs,
      checks: checkIds,
    });
  }

  /** A GET, or a POST of `body` as JSON. */
  private async request<T>(route: string, body?: object): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('tech-insights');
    const response = await this.fetchApi.fetch(
      `${baseUrl}/${route}`,
      body && {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
