import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ServerPermissionClient } from '@backstage/plugin-permission-node';
import { CachingPermissionsService } from './CachingPermissionsService';
import { readDecisionCacheConfig } from './readDecisionCacheConfig';

/**
 * The permissions service of every plugin, as the default one (`ServerPermissionClient`,
 * asking the permission backend over HTTP), with the user decisions that depend on nothing
 * but the user kept for `permission.teamLabel.decisionCache.ttl` (default 10 s; 0 turns it
 * off). Exact for the team-label policy, which decides from the user's ref and ownership
 * refs and from config only; a policy that reads anything else must not be cached so.
 *
 * Add it to the backend's features to replace the default permissions factory.
 *
 * @public
 */
export const cachingPermissionsServiceFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {
    auth: coreServices.auth,
    config: coreServices.rootConfig,
    discovery: coreServices.discovery,
    userInfo: coreServices.userInfo,
  },
  async factory({ auth, config, discovery, userInfo }) {
    const client = ServerPermissionClient.fromConfig(config, {
      auth,
      discovery,
    });
    const { ttlMs, maxEntries } = readDecisionCacheConfig(config);
    if (ttlMs === 0) {
      return client;
    }
    return new CachingPermissionsService({
      client,
      auth,
      userInfo,
      ttlMs,
      maxEntries,
    });
  },
});
