import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { AdoptionSummary } from '@internal/plugin-adoption-common';
import { AdoptionApi } from './AdoptionApi';

/**
 * The adoption backend's summary, read with the signed-in user's credentials
 * (the fetch API adds them).
 *
 * @public
 */
export class AdoptionClient implements AdoptionApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getSummary(weeks: number): Promise<AdoptionSummary> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('adoption');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/summary?weeks=${weeks}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
