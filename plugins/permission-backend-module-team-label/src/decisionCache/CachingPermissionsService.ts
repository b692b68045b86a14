import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
  PermissionsServiceRequestOptions,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Permission } from '@backstage/plugin-permission-common';
import { DecisionCache } from './DecisionCache';

/** The one request of a batch whose decision depends on nothing but who asks. */
type Request = { permission: Permission; resourceRef?: string };

/** The permission as the policy sees it: name, attributes and resource type. */
function permissionKey(permission: Permission): string {
  return JSON.stringify([
    permission.name,
    permission.attributes,
    'resourceType' in permission ? permission.resourceType : null,
  ]);
}

/**
 * Who asks, as the portal's policy sees them: the user's ref and ownership refs (a
 * token's claims), or undefined for callers whose decisions are not cached (backend
 * services, decided at once without a request; unauthenticated callers; a user whose
 * claims cannot be read).
 */
async function identityKey(
  auth: AuthService,
  userInfo: UserInfoService,
  credentials: BackstageCredentials,
): Promise<string | undefined> {
  if (!auth.isPrincipal(credentials, 'user')) {
    return undefined;
  }
  try {
    const { userEntityRef, ownershipEntityRefs } = await userInfo.getUserInfo(
      credentials,
    );
    return JSON.stringify([userEntityRef, [...ownershipEntityRefs].sort()]);
  } catch {
    return undefined;
  }
}

/**
 * A permissions service whose user decisions that depend on nothing but the user are
 * kept for a few seconds: `authorizeConditional` (the conditions a plugin applies in its
 * query, e.g. every catalog read) and `authorize` of a permission without a resource.
 * Decisions on a resource (`authorize` with a `resourceRef`) depend on the resource's
 * state and are always asked.
 */
export class CachingPermissionsService implements PermissionsService {
  readonly #client: PermissionsService;
  readonly #auth: AuthService;
  readonly #userInfo: UserInfoService;
  readonly #cache: DecisionCache<unknown>;

  constructor(options: {
    client: PermissionsService;
    auth: AuthService;
    userInfo: UserInfoService;
    ttlMs: number;
    maxEntries: number;
    now?: () => number;
  }) {
    this.#client = options.client;
    this.#auth = options.auth;
    this.#userInfo = options.userInfo;
    this.#cache = new DecisionCache({
      ttlMs: options.ttlMs,
      maxEntries: options.maxEntries,
      now: options.now,
    });
  }

  authorize: PermissionsService['authorize'] = (requests, options) =>
    this.#decide('authorize', requests, options, (batch, o) =>
      this.#client.authorize(batch, o),
    );

  authorizeConditional: PermissionsService['authorizeConditional'] = (
    requests,
    options,
  ) =>
    this.#decide('conditional', requests, options, (batch, o) =>
      this.#client.authorizeConditional(batch, o),
    );

  async #decide<R extends Request, D>(
    method: string,
    requests: R[],
    options: PermissionsServiceRequestOptions,
    ask: (
      batch: R[],
      options: PermissionsServiceRequestOptions,
    ) => Promise<D[]>,
  ): Promise<D[]> {
    const identity = await identityKey(
      this.#auth,
      this.#userInfo,
      options.credentials,
    );
    const cacheable = (request: R) =>
      identity !== undefined && request.resourceRef === undefined;
    if (!requests.some(cacheable)) {
      return ask(requests, options);
    }
    const uncached = requests.filter(r => !cacheable(r));
    const direct = uncached.length > 0 ? ask(uncached, options) : undefined;
    let next = 0;
    return Promise.all(
      requests.map(request => {
        if (!cacheable(request)) {
          const index = next++;
          return direct!.then(decisions => decisions[index]);
        }
        const key = `${method}|${identity}|${permissionKey(
          request.permission,
        )}`;
        return this.#cache.get(key, () =>
          ask([request], options).then(([decision]) => decision),
        ) as Promise<D>;
      }),
    );
  }
}
