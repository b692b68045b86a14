import type { FakeKubernetesApi } from '@internal/plugin-bookstore-tenant-node/testUtils';

/** Options of a claim in a fake cluster. */
export interface ClaimOptions {
  namespace?: string;
  team?: string;
  owner?: string;
  tier?: string;
  regions?: string[];
  ready?: 'True' | 'False';
  message?: string;
  composite?: string;
}

/** The API path of a claim. */
export function claimPath(name: string, namespace = 'bookstore-tenants') {
  return `/apis/platform.bookstore.io/v1alpha1/namespaces/${namespace}/bookstoretenants/${name}`;
}

/** The API path of a composite: cluster-scoped (v1) or namespaced (v2). */
export function compositePath(name: string, namespace?: string) {
  return `/apis/platform.bookstore.io/v1alpha1${
    namespace ? `/namespaces/${namespace}` : ''
  }/xbookstoretenants/${name}`;
}

/** A BookstoreTenant claim as Crossplane keeps it, status included. */
export function claim(name: string, options: ClaimOptions = {}) {
  const namespace = options.namespace ?? 'bookstore-tenants';
  return {
    apiVersion: 'platform.bookstore.io/v1alpha1',
    kind: 'BookstoreTenant',
    metadata: {
      name,
      namespace,
      labels: options.team
        ? { 'platform.bookstore.io/team': options.team }
        : {},
    },
    spec: {
      parameters: {
        ...(options.owner ? { owner: options.owner } : {}),
        displayName: `Tenant ${name}`,
        tier: options.tier ?? 'standard',
        regions: options.regions ?? ['us-east'],
      },
      resourceRef: {
        apiVersion: 'platform.bookstore.io/v1alpha1',
        kind: 'XBookstoreTenant',
        name: options.composite ?? `${name}-x1`,
      },
    },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: options.ready ?? 'True',
          reason: options.ready === 'False' ? 'Creating' : 'Available',
          ...(options.message ? { message: options.message } : {}),
          lastTransitionTime: '2026-11-20T10:00:00Z',
        },
        {
          type: 'Synced',
          status: 'True',
          reason: 'ReconcileSuccess',
          lastTransitionTime: '2026-11-20T10:00:00Z',
        },
      ],
    },
  };
}

/** Stores claims in a fake cluster. */
export function putClaims(
  api: FakeKubernetesApi,
  names: string[],
  options: ClaimOptions = {},
) {
  for (const name of names) {
    api.put(claimPath(name, options.namespace), claim(name, options));
  }
}

/** A cluster of `kubernetes.clusterLocatorMethods` served by a fake API. */
export interface FakeCluster {
  name: string;
  url: string;
  token?: string;
  caData?: string;
}

/** The `kubernetes` config section naming the fake clusters. */
export function kubernetesConfig(clusters: FakeCluster[]) {
  return {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: clusters.map(c => ({
          name: c.name,
          url: c.url,
          authProvider: 'serviceAccount',
          serviceAccountToken: c.token ?? 'token',
          ...(c.caData ? { caData: c.caData } : {}),
          // The Kubernetes client refuses plain HTTP unless verification is off.
          ...(c.url.startsWith('http:') ? { skipTLSVerify: true } : {}),
        })),
      },
    ],
  };
}
