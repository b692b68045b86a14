import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { EntitiesByRefs } from './TransitiveOwnershipResolver';

/**
 * Reads entities (kind, name and relations only) from the catalog's REST API with this
 * plugin's own service credentials.
 *
 * The catalog API is called directly because this package does not (yet) depend on
 * `@backstage/plugin-catalog-node`, whose `catalogServiceRef` would replace this.
 */
export function catalogEntitiesByRefs(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}): EntitiesByRefs {
  const { discovery, auth } = options;
  return async entityRefs => {
    if (entityRefs.length === 0) {
      return [];
    }
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'catalog',
    });
    const response = await fetch(
      `${await discovery.getBaseUrl('catalog')}/entities/by-refs`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({
          entityRefs,
          fields: ['kind', 'metadata.namespace', 'metadata.name', 'relations'],
        }),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const { items } = (await response.json()) as {
      items: Array<Entity | null>;
    };
    return items.map(item => item ?? undefined);
  };
}
