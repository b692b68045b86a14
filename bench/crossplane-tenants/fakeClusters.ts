/*
 * The benchmark's three clusters, in a process of their own (as real API servers are), so
 * that serving lists and watches does not count as the provider's time. Driven over IPC by
 * bench/crossplane-tenants.ts.
 */
import { startFakeKubernetesApi } from '@internal/plugin-bookstore-tenant-node/testUtils';
import {
  claim,
  claimPath,
  ClaimOptions,
} from '../../plugins/catalog-backend-module-crossplane-tenants/src/__testUtils__/tenants';
import { benchmarkClaims, CLUSTERS } from './claims';

/** A request to the clusters' process. */
export type FakeClustersRequest =
  | { id: number; op: 'seed'; n: number }
  | {
      id: number;
      op: 'put';
      cluster: number;
      name: string;
      options: ClaimOptions;
    }
  | { id: number; op: 'remove'; name: string }
  | { id: number; op: 'home'; name: string };

async function main() {
  const apis = await Promise.all(CLUSTERS.map(() => startFakeKubernetesApi()));
  const answer = (id: number, result: unknown) => process.send!({ id, result });
  process.on('message', (message: FakeClustersRequest) => {
    switch (message.op) {
      case 'seed':
        apis.forEach(api => api.reset());
        for (const placed of benchmarkClaims(message.n)) {
          apis[placed.cluster].put(placed.path, placed.object);
        }
        answer(message.id, null);
        break;
      case 'put':
        apis[message.cluster].put(
          claimPath(message.name),
          claim(message.name, message.options),
        );
        answer(message.id, null);
        break;
      case 'remove':
        apis.forEach(api => api.remove(claimPath(message.name)));
        answer(message.id, null);
        break;
      case 'home':
        answer(
          message.id,
          apis.findIndex(api => api.object(claimPath(message.name))),
        );
        break;
      default:
        answer((message as { id: number }).id, null);
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ id: 0, result: apis.map(api => api.url) });
}

main();
