import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { authOwnershipResolutionExtensionPoint } from '@backstage/plugin-auth-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { TransitiveOwnershipResolver } from './TransitiveOwnershipResolver';

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
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({ ownership, catalog, auth }) {
        ownership.setAuthOwnershipResolver(
          new TransitiveOwnershipResolver({ catalog, auth }),
        );
      },
    });
  },
});
