/**
 * Test data shared by the tenant packages' tests: acme-books as the Crossplane
 * catalog provider records it in one cluster. For tests only.
 *
 * @packageDocumentation
 */
import type { TenantClusterState } from '../tenantEntity';

/** acme-books's claim in `cluster`, ready and synced, unless overridden. */
export function tenantClusterState(
  cluster: string,
  overrides: Partial<TenantClusterState> = {},
): TenantClusterState {
  return {
    cluster,
    source: 'claim',
    apiVersion: 'platform.bookstore.io/v1alpha1',
    kind: 'BookstoreTenant',
    namespace: 'bookstore-tenants',
    name: 'acme-books',
    compositeName: 'acme-books-x7k2p',
    ready: 'True',
    synced: 'True',
    conditions: [
      { type: 'Ready', status: 'True', reason: 'Available' },
      { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
    ],
    ...overrides,
  };
}
