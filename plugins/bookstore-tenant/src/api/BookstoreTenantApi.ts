import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import { TenantLiveState } from '@internal/plugin-bookstore-tenant-common';

/**
 * The live side of the Tenant tab, through the bookstore-tenant backend.
 *
 * @public
 */
export interface BookstoreTenantApi {
  /**
   * The tenant's live state in each of its clusters: claim, composite, composed
   * resources and recent events, each cluster with its own error when it could
   * not be read. Fails (404) when the entity is not a tenant the user may see.
   */
  getLiveState(entityRef: CompoundEntityRef): Promise<TenantLiveState>;
}

/** @public */
export const bookstoreTenantApiRef = createApiRef<BookstoreTenantApi>().with({
  id: 'plugin.bookstore-tenant.api',
  pluginId: 'bookstore-tenant',
});
