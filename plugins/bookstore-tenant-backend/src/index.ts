/**
 * The bookstore-tenant backend plugin: a tenant's live state in each cluster
 * (claim, composite, composed resources, events) for the Tenant tab.
 *
 * @packageDocumentation
 */
export { bookstoreTenantPlugin as default } from './plugin';
