import {
  KubernetesApiClient,
  KubernetesApiResource,
  KubernetesObjectRef,
  kubernetesError,
} from '@internal/plugin-bookstore-tenant-node';

/** How long a cluster's discovery document of a group version is trusted. */
export const DISCOVERY_TTL_MS = 5 * 60_000;

/** Where a kind lives in the API: its group, version, plural and whether it is namespaced. */
export interface ResolvedKind extends KubernetesObjectRef {
  namespaced: boolean;
}

/** Splits `group/version` (or `v1` for the core group). */
function splitApiVersion(apiVersion: string): {
  group: string;
  version: string;
} {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : {
        group: apiVersion.slice(0, slash),
        version: apiVersion.slice(slash + 1),
      };
}

/**
 * Resolves kinds to their plurals with one cluster's discovery documents
 * (`GET /api/v1`, `GET /apis/<group>/<version>`), each cached for
 * {@link DISCOVERY_TTL_MS}. A failed read is not cached.
 */
export class ApiDiscovery {
  readonly #client: Pick<
    KubernetesApiClient,
    'clusterName' | 'getApiResources'
  >;
  readonly #now: () => number;
  readonly #documents = new Map<
    string,
    { at: number; resources: Promise<KubernetesApiResource[] | undefined> }
  >();

  constructor(options: {
    client: Pick<KubernetesApiClient, 'clusterName' | 'getApiResources'>;
    now?: () => number;
  }) {
    this.#client = options.client;
    this.#now = options.now ?? Date.now;
  }

  /** Where `kind` of `apiVersion` lives; a `NotFoundError` when the cluster does not serve it. */
  async resolve(apiVersion: string, kind: string): Promise<ResolvedKind> {
    const { group, version } = splitApiVersion(apiVersion);
    const resources = await this.#resources(apiVersion);
    // Subresources (`bookstoretenants/status`) carry their parent's kind.
    const resource = resources?.find(
      r => r.kind === kind && !r.name.includes('/'),
    );
    if (!resource) {
      const detail = resources
        ? `${apiVersion} has no kind ${kind}`
        : `${apiVersion} is not served`;
      throw kubernetesError({
        cluster: this.#client.clusterName,
        statusCode: 404,
        reason: 'NotFound',
        detail,
        summary: detail,
      });
    }
    return {
      group,
      version,
      plural: resource.name,
      namespaced: resource.namespaced,
    };
  }

  #resources(apiVersion: string): Promise<KubernetesApiResource[] | undefined> {
    const cached = this.#documents.get(apiVersion);
    if (cached && this.#now() - cached.at < DISCOVERY_TTL_MS) {
      return cached.resources;
    }
    const resources = this.#client.getApiResources(apiVersion);
    this.#documents.set(apiVersion, { at: this.#now(), resources });
    resources.catch(() => {
      if (this.#documents.get(apiVersion)?.resources === resources) {
        this.#documents.delete(apiVersion);
      }
    });
    return resources;
  }
}
