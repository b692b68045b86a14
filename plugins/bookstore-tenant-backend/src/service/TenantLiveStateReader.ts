import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  TenantClusterLiveState,
  TenantClusterState,
  TenantEntityDetails,
  TenantLiveState,
} from '@internal/plugin-bookstore-tenant-common';
import {
  KubernetesApiClient,
  KubernetesAuthStrategy,
  KubernetesClusterConfig,
} from '@internal/plugin-bookstore-tenant-node';
import { ApiDiscovery } from '../kubernetes/ApiDiscovery';
import { toLiveError } from '../lib/toLiveError';
import {
  ClusterConnection,
  readClusterLiveState,
} from './readClusterLiveState';

/** Everything that failed in a cluster's answer, one line each. */
function failuresOf(state: TenantClusterLiveState): string[] {
  return [
    state.error,
    state.composite?.error,
    ...state.composed.map(c => c.error),
    state.eventsError,
  ].flatMap(error => (error ? [error.message] : []));
}

/**
 * Reads tenants live from the configured clusters, all clusters in parallel,
 * with one client (and discovery cache) per cluster, made when first needed.
 * A cluster that fails, or is not configured, gets an error of its own.
 */
export class TenantLiveStateReader {
  readonly #clusters: Map<string, KubernetesClusterConfig>;
  readonly #requestTimeoutMs: number;
  readonly #authStrategy: KubernetesAuthStrategy;
  readonly #logger: LoggerService;
  readonly #connections = new Map<string, ClusterConnection>();

  constructor(options: {
    clusters: KubernetesClusterConfig[];
    /** The Kubernetes plugin's auth strategies (`createKubernetesAuthStrategy`). */
    authStrategy: KubernetesAuthStrategy;
    requestTimeoutMs: number;
    logger: LoggerService;
  }) {
    this.#clusters = new Map(options.clusters.map(c => [c.name, c]));
    this.#requestTimeoutMs = options.requestTimeoutMs;
    this.#authStrategy = options.authStrategy;
    this.#logger = options.logger;
  }

  /** The live state of the tenant `entityRef` in each of the clusters of its entity, in their order. */
  async read(
    entityRef: string,
    details: TenantEntityDetails,
  ): Promise<TenantLiveState> {
    const clusters = await Promise.all(
      details.clusters.map(entry => this.#readCluster(entityRef, entry)),
    );
    return { entityRef, clusters };
  }

  /** Closes the clients' connection pools. */
  async close(): Promise<void> {
    const connections = [...this.#connections.values()];
    this.#connections.clear();
    await Promise.all(connections.map(c => c.client.close()));
  }

  async #readCluster(
    entityRef: string,
    entry: TenantClusterState,
  ): Promise<TenantClusterLiveState> {
    let state: TenantClusterLiveState;
    try {
      state = await readClusterLiveState(this.#connect(entry.cluster), entry);
    } catch (error) {
      state = {
        cluster: entry.cluster,
        namespace: entry.namespace,
        name: entry.name,
        composed: [],
        events: [],
        error: toLiveError(error),
      };
    }
    for (const failure of failuresOf(state)) {
      this.#logger.warn(`Live state of ${entityRef}: ${failure}`);
    }
    return state;
  }

  #connect(cluster: string): ClusterConnection {
    const existing = this.#connections.get(cluster);
    if (existing) {
      return existing;
    }
    const config = this.#clusters.get(cluster);
    if (!config) {
      throw new NotFoundError(
        `Kubernetes cluster ${cluster} is not configured in this portal (kubernetes.clusterLocatorMethods, type: config); configured clusters: ${
          [...this.#clusters.keys()].join(', ') || 'none'
        }`,
      );
    }
    const client = new KubernetesApiClient({
      cluster: config,
      authStrategy: this.#authStrategy,
      timeoutMs: this.#requestTimeoutMs,
    });
    const connection = { client, discovery: new ApiDiscovery({ client }) };
    this.#connections.set(cluster, connection);
    return connection;
  }
}
