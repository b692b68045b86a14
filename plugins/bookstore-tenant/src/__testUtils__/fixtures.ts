import { Entity } from '@backstage/catalog-model';
import { TenantClusterLiveState } from '@internal/plugin-bookstore-tenant-common';
import { tenantClusterState } from '@internal/plugin-bookstore-tenant-common/testUtils';

/** Test data in the catalog's and the bookstore-tenant backend's wire formats. */

export const BACKEND_URL = 'http://localhost:7007/api/bookstore-tenant';
export const TENANT_URL = `${BACKEND_URL}/tenants/default/acme-books`;

const TENANT_API = 'platform.bookstore.io/v1alpha1';

/** acme-books as the Crossplane catalog provider writes it: ready in us-east, creating in eu-west. */
export const tenantEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'acme-books', namespace: 'default', title: 'Acme Books' },
  spec: {
    type: 'bookstore-tenant',
    owner: 'group:default/team-payments',
    tenant: {
      displayName: 'Acme Books',
      tier: 'standard',
      regions: ['us-east', 'eu-west'],
      clusters: [
        tenantClusterState('us-east'),
        tenantClusterState('eu-west', {
          ready: 'False',
          synced: 'True',
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'Creating',
              message: 'Unready resources: quota, network-policy',
            },
            { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
          ],
        }),
      ],
    },
  },
};

/** A cluster's live answer: the claim and composite ready, three composed resources, two events. */
export function liveCluster(
  cluster: string,
  eventTimes: { newest: string; oldest: string },
): TenantClusterLiveState {
  const ready = [
    { type: 'Ready', status: 'True' as const, reason: 'Available' },
  ];
  const namespace = `acme-books-${cluster}`;
  return {
    cluster,
    namespace: 'bookstore-tenants',
    name: 'acme-books',
    claim: {
      apiVersion: TENANT_API,
      kind: 'BookstoreTenant',
      name: 'acme-books',
      namespace: 'bookstore-tenants',
      ready: 'True',
      synced: 'True',
      conditions: ready,
    },
    composite: {
      apiVersion: TENANT_API,
      kind: 'XBookstoreTenant',
      name: `acme-books-${cluster}-x7k2p`,
      ready: 'True',
      synced: 'True',
      conditions: ready,
    },
    composed: [
      { apiVersion: 'v1', kind: 'Namespace', name: namespace, conditions: [] },
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        name: 'tenant-quota',
        namespace,
        conditions: [],
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        name: 'default-deny-except-platform',
        namespace,
        conditions: [],
        error: {
          statusCode: 403,
          reason: 'Forbidden',
          message: `Kubernetes cluster ${cluster}: 403 Forbidden: networkpolicies.networking.k8s.io is forbidden`,
        },
      },
    ],
    events: [
      {
        type: 'Warning',
        reason: 'ConfigureCompositeResource',
        message: 'cannot apply composite resource: quota webhook timed out',
        count: 3,
        lastSeen: eventTimes.newest,
      },
      {
        type: 'Normal',
        reason: 'BindCompositeResource',
        message: 'Successfully bound composite resource',
        count: 1,
        lastSeen: eventTimes.oldest,
      },
    ],
  };
}
