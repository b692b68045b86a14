/**
 * Catalog backend module: BookstoreTenant claims and Crossplane 2 namespaced
 * composites running in the clusters become `Resource` entities
 * (`spec.type: bookstore-tenant`), and Components naming a tenant depend on it.
 *
 * @packageDocumentation
 */
export { catalogModuleCrossplaneTenants as default } from './module';
export {
  CrossplaneTenantEntityProvider,
  type ClusterStatus,
} from './providers/CrossplaneTenantEntityProvider';
export { TenantDependencyProcessor } from './processor/TenantDependencyProcessor';
