import { Entity } from '@backstage/catalog-model';
import { TenantClusterState } from '@internal/plugin-bookstore-tenant-common';
import { RealKubernetesApi } from '@internal/plugin-bookstore-tenant-node/testUtils';

/** Test data: the acme-books tenant as the catalog and its clusters hold it. */

export const TENANT_API = 'platform.bookstore.io/v1alpha1';
export const CLAIM_PATH = `/apis/${TENANT_API}/namespaces/bookstore-tenants/bookstoretenants/acme-books`;
export const COMPOSITE_PATH = `/apis/${TENANT_API}/xbookstoretenants/acme-books-x7k2p`;

export const namespaceRef = {
  apiVersion: 'v1',
  kind: 'Namespace',
  name: 'acme-books-us-east',
};
export const quotaRef = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  name: 'tenant-quota',
  namespace: 'acme-books-us-east',
};
export const networkPolicyRef = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  name: 'default-deny-except-platform',
  namespace: 'acme-books-us-east',
};
export const roleBindingRef = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  name: 'team-payments-edit',
  namespace: 'acme-books-us-east',
};

/** A tenant entity, as the Crossplane catalog provider writes it. */
export function tenantEntity(
  name: string,
  clusters: TenantClusterState[],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', title: 'Acme Books' },
    spec: {
      type: 'bookstore-tenant',
      owner: 'group:default/team-payments',
      tenant: {
        displayName: 'Acme Books',
        tier: 'standard',
        regions: clusters.map(c => c.cluster),
        clusters,
      },
    },
  };
}

export const databaseEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders-db', namespace: 'default' },
  spec: { type: 'database', owner: 'group:default/team-payments' },
};

/** The claim's parameters, which Crossplane copies onto its composite. */
export const tenantParameters = {
  owner: 'team-payments',
  tier: 'standard',
  regions: ['us-east'],
};

function condition(type: string, status: string, reason: string) {
  return {
    type,
    status,
    reason,
    lastTransitionTime: '2025-05-01T10:00:00Z',
  };
}

function event(
  name: string,
  involvedObject: { kind: string; name: string },
  fields: Record<string, unknown>,
) {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'bookstore-tenants' },
    involvedObject: {
      apiVersion: TENANT_API,
      namespace: 'bookstore-tenants',
      ...involvedObject,
    },
    ...fields,
  };
}

/**
 * Stores, in order, what a cluster holds where Crossplane bound the claim to its composite and composed a
 * namespace, a quota and a network policy (and `extraRefs`), with three events
 * about the claim and one about another claim.
 */
export async function putTenant(
  api: Pick<RealKubernetesApi, 'put'>,
  options: { extraRefs?: object[] } = {},
) {
  await api.put(CLAIM_PATH, {
    apiVersion: TENANT_API,
    kind: 'BookstoreTenant',
    metadata: { name: 'acme-books', namespace: 'bookstore-tenants' },
    spec: {
      parameters: tenantParameters,
      resourceRef: {
        apiVersion: TENANT_API,
        kind: 'XBookstoreTenant',
        name: 'acme-books-x7k2p',
      },
    },
    status: {
      conditions: [
        condition('Synced', 'True', 'ReconcileSuccess'),
        condition('Ready', 'True', 'Available'),
      ],
    },
  });
  await api.put(COMPOSITE_PATH, {
    apiVersion: TENANT_API,
    kind: 'XBookstoreTenant',
    metadata: { name: 'acme-books-x7k2p' },
    spec: {
      parameters: tenantParameters,
      resourceRefs: [
        namespaceRef,
        quotaRef,
        networkPolicyRef,
        ...(options.extraRefs ?? []),
      ],
    },
    status: {
      conditions: [
        condition('Synced', 'True', 'ReconcileSuccess'),
        condition('Ready', 'True', 'Available'),
      ],
    },
  });
  await api.put('/api/v1/namespaces/acme-books-us-east', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'acme-books-us-east' },
  });
  await api.put(
    '/api/v1/namespaces/acme-books-us-east/resourcequotas/tenant-quota',
    {
      apiVersion: quotaRef.apiVersion,
      kind: quotaRef.kind,
      metadata: { name: quotaRef.name, namespace: quotaRef.namespace },
      spec: { hard: { pods: '80' } },
    },
  );
  await api.put(
    '/apis/networking.k8s.io/v1/namespaces/acme-books-us-east/networkpolicies/default-deny-except-platform',
    {
      apiVersion: networkPolicyRef.apiVersion,
      kind: networkPolicyRef.kind,
      metadata: {
        name: networkPolicyRef.name,
        namespace: networkPolicyRef.namespace,
      },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
  );
  const claim = { kind: 'BookstoreTenant', name: 'acme-books' };
  await api.put(
    '/api/v1/namespaces/bookstore-tenants/events/acme-books.1',
    event('acme-books.1', claim, {
      type: 'Normal',
      reason: 'ConfigureCompositeResource',
      message: 'Successfully applied composite resource',
      count: 1,
      lastTimestamp: '2025-05-01T10:00:00Z',
    }),
  );
  await api.put(
    '/api/v1/namespaces/bookstore-tenants/events/acme-books.2',
    event('acme-books.2', claim, {
      type: 'Normal',
      reason: 'BindCompositeResource',
      message: 'Successfully bound composite resource',
      count: 2,
      lastTimestamp: '2025-05-01T10:02:00Z',
    }),
  );
  await api.put(
    '/api/v1/namespaces/bookstore-tenants/events/acme-books.0',
    event('acme-books.0', claim, {
      type: 'Warning',
      reason: 'ConfigureCompositeResource',
      message: 'cannot apply composite resource: quota webhook timed out',
      count: 3,
      lastTimestamp: '2025-05-01T09:58:00Z',
    }),
  );
  await api.put(
    '/api/v1/namespaces/bookstore-tenants/events/other-tenant.1',
    event(
      'other-tenant.1',
      { kind: 'BookstoreTenant', name: 'other-tenant' },
      {
        type: 'Warning',
        reason: 'Unrelated',
        message: 'about another claim',
        lastTimestamp: '2025-05-01T10:05:00Z',
      },
    ),
  );
}
