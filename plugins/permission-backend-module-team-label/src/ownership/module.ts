import {
  coreServices,
  createBackendModule,
  createExtensionPoint,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogEntitiesByRefs } from './catalogEntitiesByRefs';
import { TransitiveOwnershipResolver } from './TransitiveOwnershipResolver';

/**
 * The auth backend's ownership-resolution extension point, `authOwnershipResolutionExtensionPoint`
 * of `@backstage/plugin-auth-node`. Extension points are matched by id; this package
 * refers to it by its id until `@backstage/plugin-auth-node` is one of its dependencies,
 * then this declaration gives way to the import. A changed id would fail the backend's
 * start ("missing extension point"), never silently.
 */
const authOwnershipResolutionExtensionPoint = createExtensionPoint<{
  setAuthOwnershipResolver(resolver: {
    resolveOwnershipEntityRefs(
      entity: Entity,
    ): Promise<{ ownershipEntityRefs: string[] }>;
  }): void;
}>({ id: 'auth.ownershipResolution' });

/**
 * Makes every sign-in resolver that signs in with a catalog User (oauth2Proxy, OIDC, …)
 * issue tokens whose ownership refs include the user's Groups and all their parent Groups.
 *
 * @public
 */
export const authModuleTransitiveGroupOwnership = createBackendModule({
  pluginId: 'auth',
  moduleId: 'transitive-group-ownership',
  register(reg) {
    reg.registerInit({
      deps: {
        ownership: authOwnershipResolutionExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ ownership, discovery, auth }) {
        ownership.setAuthOwnershipResolver(
          new TransitiveOwnershipResolver({
            getEntitiesByRefs: catalogEntitiesByRefs({ discovery, auth }),
          }),
        );
      },
    });
  },
});
