import {
  KubernetesFaultProxy,
  RealKubernetesApi,
  startKubernetesFaultProxy,
  startRealKubernetesApi,
} from '@internal/plugin-bookstore-tenant-node/testUtils';
import { FakeCluster } from './tenants';

/** A real cluster behind a fault proxy, read with the tenant reader's token. */
export interface RealCluster {
  name: string;
  api: RealKubernetesApi;
  proxy: KubernetesFaultProxy;
  token: string;
}

/** A real API server with the tenant CRDs, the claims' namespace and a tenant reader, behind a fault proxy. */
export async function startRealCluster(name: string): Promise<RealCluster> {
  const api = await startRealKubernetesApi();
  await api.installTenantCrds();
  await api.createNamespace('bookstore-tenants');
  const { token } = await api.createTenantReader();
  const proxy = await startKubernetesFaultProxy(api);
  return { name, api, proxy, token };
}

/** How the provider reaches a real cluster: through its proxy. */
export function providerClusterOf(cluster: RealCluster): FakeCluster {
  return {
    name: cluster.name,
    url: cluster.proxy.url,
    token: cluster.token,
    caData: cluster.proxy.caData,
  };
}

/** Stops the proxy and the server. */
export async function stopRealCluster(cluster: RealCluster | undefined) {
  await cluster?.proxy.close();
  await cluster?.api.stop();
}
