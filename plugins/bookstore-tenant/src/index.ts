/**
 * The Tenant tab of bookstore-tenant Resources: per-cluster status from the
 * catalog, and the claim, composite, composed resources and events read live
 * through the bookstore-tenant backend.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export {
  bookstoreTenantApiRef,
  type BookstoreTenantApi,
} from './api/BookstoreTenantApi';
export { BookstoreTenantClient } from './api/BookstoreTenantClient';
