import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { TenantLiveState } from '@internal/plugin-bookstore-tenant-common';
import { BookstoreTenantApi } from './BookstoreTenantApi';

/**
 * Reads `GET /api/bookstore-tenant/tenants/:namespace/:name` with the signed-in
 * user's credentials (the fetch API adds them).
 *
 * @public
 */
export class BookstoreTenantClient implements BookstoreTenantApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getLiveState(entityRef: CompoundEntityRef): Promise<TenantLiveState> {
    const baseUrl = await this.discoveryApi.getBaseUrl('bookstore-tenant');
    const response = await this.fetchApi.fetch(
      `${baseUrl}/tenants/${encodeURIComponent(
        entityRef.namespace,
      )}/${encodeURIComponent(entityRef.name)}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
