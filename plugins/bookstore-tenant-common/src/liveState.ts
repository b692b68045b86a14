/**
 * The live side of the Tenant tab: what the bookstore-tenant backend reads from
 * each cluster for `GET /api/bookstore-tenant/tenants/:namespace/:name`.
 */

import type { TenantCondition } from './tenantEntity';

/** Why something could not be read. */
export interface TenantLiveError {
  /** The HTTP status the Kubernetes API answered with; absent when it did not answer. */
  statusCode?: number;
  /**
   * The Kubernetes `Status` reason (`Forbidden`, `NotFound`, …), `Timeout`,
   * `TLSError` or `ConnectionError`; absent for errors of the portal itself
   * (e.g. a cluster that is not configured).
   */
  reason?: string;
  message: string;
}

/** One Kubernetes object of a tenant and how it is doing. */
export interface TenantLiveResource {
  apiVersion: string;
  kind: string;
  name: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  /**
   * The `Ready` condition's status; absent when the object has no such
   * condition (a Namespace, ResourceQuota or NetworkPolicy is ready by existing).
   */
  ready?: TenantCondition['status'];
  /** The `Synced` condition's status; absent when the object has no such condition. */
  synced?: TenantCondition['status'];
  conditions: TenantCondition[];
  /** Set when the object could not be read; `ready`, `synced` and `conditions` then say nothing. */
  error?: TenantLiveError;
}

/** A Kubernetes event about the tenant's claim (or Crossplane v2 XR). */
export interface TenantLiveEvent {
  /** `Normal` or `Warning`. */
  type: string;
  reason?: string;
  message?: string;
  /** How many times it happened. */
  count: number;
  /** When it last happened (ISO 8601); absent when the event carries no time. */
  lastSeen?: string;
}

/** A tenant in one cluster, as the cluster answers now. */
export interface TenantClusterLiveState {
  /** The cluster's name in `kubernetes.clusterLocatorMethods`. */
  cluster: string;
  /** The namespace and name of the claim (or XR), as in the entity's `spec.tenant.clusters[]`. */
  namespace: string;
  name: string;
  /** The claim; absent for a Crossplane v2 namespaced XR, which is its own composite. */
  claim?: TenantLiveResource;
  /** The composite resource; absent while the claim is not bound to one yet. */
  composite?: TenantLiveResource;
  /** The composite's composed resources, in its `resourceRefs` order. */
  composed: TenantLiveResource[];
  /** The claim's (or XR's) events, newest first, at most 20. */
  events: TenantLiveEvent[];
  /** Set when the events could not be read; the rest still holds. */
  eventsError?: TenantLiveError;
  /** Set when the cluster could not be read at all; the other fields are then empty. */
  error?: TenantLiveError;
}

/** The answer of `GET /tenants/:namespace/:name`: one entry per entry of `spec.tenant.clusters`. */
export interface TenantLiveState {
  /** The tenant entity's ref, e.g. `resource:default/acme-books`. */
  entityRef: string;
  clusters: TenantClusterLiveState[];
}
