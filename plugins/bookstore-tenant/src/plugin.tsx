import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { TENANT_ENTITY_TYPE } from '@internal/plugin-bookstore-tenant-common';
import { bookstoreTenantApiRef } from './api/BookstoreTenantApi';
import { BookstoreTenantClient } from './api/BookstoreTenantClient';

const bookstoreTenantApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: bookstoreTenantApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new BookstoreTenantClient({ discoveryApi, fetchApi }),
    }),
});

const entityTenantContent = EntityContentBlueprint.make({
  name: 'tenant',
  params: {
    path: '/tenant',
    title: 'Tenant',
    filter: { kind: 'resource', 'spec.type': TENANT_ENTITY_TYPE },
    loader: () =>
      import('./components/EntityTenantContent').then(m => (
        <m.EntityTenantContent />
      )),
  },
});

/**
 * The Tenant tab of bookstore-tenant Resources: the tenant's state in each
 * cluster from the catalog, and live from the clusters.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'bookstore-tenant',
  title: 'Bookstore tenants',
  extensions: [bookstoreTenantApi, entityTenantContent],
});
