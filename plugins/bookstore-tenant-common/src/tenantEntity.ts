/**
 * The catalog side of the contract: what the Crossplane catalog provider writes
 * for each tenant, and what the Tenant tab and the service template read.
 */

/** `spec.type` of the Resource entity of a tenant. */
export const TENANT_ENTITY_TYPE = 'bookstore-tenant';

/**
 * On a Component: the name of the tenant it runs in. The catalog provider's
 * processor turns it into `dependsOn` (and the tenant's `dependencyOf`).
 */
export const TENANT_ANNOTATION = 'platform.bookstore.io/tenant';

/** On a tenant entity: the clusters it lives in, comma-separated, in config order. */
export const TENANT_CLUSTERS_ANNOTATION =
  'platform.bookstore.io/tenant-clusters';

/** On a tenant entity: the namespace of its claim (or namespaced XR) in the first cluster. */
export const CROSSPLANE_NAMESPACE_ANNOTATION = 'crossplane.io/namespace';
/** On a tenant entity: the claim's name (absent for a Crossplane v2 XR). */
export const CROSSPLANE_CLAIM_NAME_ANNOTATION = 'crossplane.io/claim-name';
/** On a tenant entity: the composite resource's name in the first cluster. */
export const CROSSPLANE_COMPOSITE_NAME_ANNOTATION =
  'crossplane.io/composite-name';

// Types rather than interfaces: they are JSON in the entity, and only type
// aliases fit the catalog's JsonObject without a cast.

/** A condition of a claim or composite, without its timestamps. */
export type TenantCondition = {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
};

/** Where a tenant lives in one cluster and how it is doing there. */
export type TenantClusterState = {
  /** The cluster's name in `kubernetes.clusterLocatorMethods`. */
  cluster: string;
  /** A Crossplane claim, or a Crossplane v2 namespaced composite resource. */
  source: 'claim' | 'composite';
  apiVersion: string;
  kind: string;
  namespace: string;
  /** The claim's (or the namespaced XR's) name. */
  name: string;
  /** The composite resource's name: the claim's `spec.resourceRef.name`, or the XR itself. */
  compositeName?: string;
  /** The `Ready` condition's status; `Unknown` when absent. */
  ready: TenantCondition['status'];
  /** The `Synced` condition's status; `Unknown` when absent. */
  synced: TenantCondition['status'];
  conditions: TenantCondition[];
};

/** `spec.tenant` of a tenant entity. */
export type TenantEntityDetails = {
  displayName?: string;
  tier?: string;
  regions: string[];
  /** One entry per cluster (and namespace) the tenant lives in, in config order. */
  clusters: TenantClusterState[];
};
