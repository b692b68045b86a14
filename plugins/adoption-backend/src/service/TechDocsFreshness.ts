import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { TechDocsFreshness } from '@internal/plugin-adoption-common';
import { mapConcurrently } from '../lib/mapConcurrently';

/** Requests to the TechDocs backend in flight at once. */
const CONCURRENCY = 4;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Measures TechDocs freshness: of the Components with TechDocs, those whose
 * published site was built (techdocs_metadata.json's `build_timestamp`, ms
 * since the epoch) within `freshForMs`, read from the TechDocs backend's
 * `GET /metadata/techdocs/:namespace/:kind/:name` with this plugin's service
 * credentials. 404 is a site never published: not fresh.
 */
export class TechDocsFreshnessMeter {
  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
      freshForMs: number;
    },
  ) {}

  async measure(
    components: CompoundEntityRef[],
    now: Date,
  ): Promise<TechDocsFreshness> {
    const { auth, discovery, freshForMs } = this.deps;
    const baseUrl = await discovery.getBaseUrl('techdocs');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'techdocs',
    });
    const freshSince = now.getTime() - freshForMs;
    const builtAt = await mapConcurrently(
      components,
      CONCURRENCY,
      async ({ namespace, kind, name }) => {
        const path = [namespace, kind.toLocaleLowerCase('en-US'), name]
          .map(encodeURIComponent)
          .join('/');
        const response = await fetch(`${baseUrl}/metadata/techdocs/${path}`, {
          headers: { Authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        if (response.status === 404) {
          return undefined;
        }
        if (!response.ok) {
          throw await ResponseError.fromResponse(response);
        }
        const metadata = (await response.json()) as {
          build_timestamp?: unknown;
        };
        return typeof metadata.build_timestamp === 'number'
          ? metadata.build_timestamp
          : undefined;
      },
    );
    return {
      measuredAt: now.toISOString(),
      components: components.length,
      fresh: builtAt.filter(at => at !== undefined && at >= freshSince).length,
    };
  }
}
