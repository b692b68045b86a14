import {
  RealKubernetesApi,
  startRealKubernetesApi,
} from '@internal/plugin-bookstore-tenant-node/testUtils';
import { portalReadRules } from './portalReadRules';

/** A real API server with the tenant CRDs and the claims' namespace. */
export async function startTenantServer(
  compositeScope: 'Cluster' | 'Namespaced' = 'Cluster',
): Promise<RealKubernetesApi> {
  const api = await startRealKubernetesApi();
  await api.installTenantCrds({ compositeScope });
  await api.createNamespace('bookstore-tenants');
  return api;
}

/**
 * A service account of the portal in `api`'s cluster, bound to the Helm
 * chart's read-only ClusterRole; again for an account that exists, it binds the
 * role again (the account's older tokens stay valid).
 */
export const createPortalReader = (api: RealKubernetesApi, name: string) =>
  api.createServiceAccount({
    namespace: 'bookstore-portal',
    name,
    clusterRules: portalReadRules(),
  });
