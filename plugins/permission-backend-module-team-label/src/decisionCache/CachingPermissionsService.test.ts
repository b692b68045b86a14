import {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { CachingPermissionsService } from './CachingPermissionsService';
import { readDecisionCacheConfig } from './readDecisionCacheConfig';

const read = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});
const del = createPermission({
  name: 'catalog.entity.delete',
  attributes: { action: 'delete' },
  resourceType: 'catalog-entity',
});
const trigger = createPermission({
  name: 'bookstore.scheduler.trigger',
  attributes: {},
});

/** The permission backend, as the plugins' client sees it: one decision per request. */
function permissionBackend() {
  const asked: Array<{ method: string; names: string[]; user: string }> = [];
  let failNext = false;
  let gate: Promise<void> | undefined;
  const decide = async (method: string, requests: any[], options: any) => {
    const principal = options.credentials.principal as {
      userEntityRef?: string;
    };
    asked.push({
      method,
      names: requests.map(
        r => `${r.permission.name}${r.resourceRef ? `@${r.resourceRef}` : ''}`,
      ),
      user: principal.userEntityRef ?? 'service',
    });
    await gate;
    if (failNext) {
      failNext = false;
      throw new Error('permission backend unavailable');
    }
    return requests.map(r => ({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        params: { claims: [principal.userEntityRef, r.permission.name] },
      },
    }));
  };
  const client: PermissionsService = {
    authorize: (requests, options) =>
      decide('authorize', requests, options) as any,
    authorizeConditional: (requests, options) =>
      decide('conditional', requests, options) as any,
  };
  return {
    client,
    asked,
    failNext: () => {
      failNext = true;
    },
    hold: () => {
      let release!: () => void;
      gate = new Promise(r => (release = r));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

/** Users and the groups their tokens carry; changed by the test as a new sign-in would. */
function userInfoOf(ownership: Record<string, string[]>): UserInfoService {
  return {
    getUserInfo: async (credentials: BackstageCredentials) => {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return { userEntityRef: ref, ownershipEntityRefs: ownership[ref] ?? [] };
    },
  };
}

describe('CachingPermissionsService', () => {
  const alice = { credentials: mockCredentials.user('user:default/alice') };
  const bob = { credentials: mockCredentials.user('user:default/bob') };
  let now: number;
  let ownership: Record<string, string[]>;
  let backend: ReturnType<typeof permissionBackend>;
  let service: CachingPermissionsService;

  beforeEach(() => {
    now = 1_000_000;
    ownership = {
      'user:default/alice': ['group:default/team-payments'],
      'user:default/bob': ['group:default/team-search'],
    };
    backend = permissionBackend();
    service = new CachingPermissionsService({
      client: backend.client,
      auth: mockServices.auth(),
      userInfo: userInfoOf(ownership),
      ttlMs: 10_000,
      maxEntries: 3,
      now: () => now,
    });
  });

  it("keeps a user's conditional decision for the TTL, and never gives it to another user", async () => {
    const first = await service.authorizeConditional(
      [{ permission: read }],
      alice,
    );
    const again = await service.authorizeConditional(
      [{ permission: read }],
      alice,
    );
    const bobs = await service.authorizeConditional(
      [{ permission: read }],
      bob,
    );

    expect(again).toEqual(first);
    expect(JSON.stringify(bobs)).toContain('user:default/bob');
    expect(JSON.stringify(bobs)).not.toContain('user:default/alice');
    expect(backend.asked.map(a => a.user)).toEqual([
      'user:default/alice',
      'user:default/bob',
    ]);

    now += 10_001;
    await service.authorizeConditional([{ permission: read }], alice);
    expect(backend.asked).toHaveLength(3);
  });

  it('asks again when the same user signs in with other groups', async () => {
    await service.authorizeConditional([{ permission: read }], alice);
    ownership['user:default/alice'] = ['group:default/team-search'];
    await service.authorizeConditional([{ permission: read }], alice);
    expect(backend.asked).toHaveLength(2);
  });

  it('keys on the permission: read and delete are decided apart', async () => {
    await service.authorizeConditional(
      [{ permission: read }, { permission: del }],
      alice,
    );
    await service.authorizeConditional([{ permission: del }], alice);
    expect(backend.asked.flatMap(a => a.names).sort()).toEqual([
      'catalog.entity.delete',
      'catalog.entity.read',
    ]);
  });

  it('always asks for a decision on a resource, in one batch with the rest in order', async () => {
    await service.authorize([{ permission: trigger }], alice);
    const decisions = await service.authorize(
      [
        { permission: read, resourceRef: 'component:default/a' },
        { permission: trigger },
        { permission: read, resourceRef: 'component:default/b' },
      ],
      alice,
    );
    expect(backend.asked.map(a => a.names)).toEqual([
      ['bookstore.scheduler.trigger'],
      [
        'catalog.entity.read@component:default/a',
        'catalog.entity.read@component:default/b',
      ],
    ]);
    expect(decisions.map(d => JSON.stringify(d))).toEqual([
      expect.stringContaining('catalog.entity.read'),
      expect.stringContaining('bookstore.scheduler.trigger'),
      expect.stringContaining('catalog.entity.read'),
    ]);
  });

  it('shares one request between concurrent asks of one user', async () => {
    const release = backend.hold();
    const asks = Array.from({ length: 16 }, () =>
      service.authorizeConditional([{ permission: read }], alice),
    );
    release();
    const decisions = await Promise.all(asks);
    expect(backend.asked).toHaveLength(1);
    expect(new Set(decisions.map(d => JSON.stringify(d))).size).toBe(1);
  });

  it('forgets a failed request: the next ask asks again', async () => {
    backend.failNext();
    await expect(
      service.authorizeConditional([{ permission: read }], alice),
    ).rejects.toThrow('permission backend unavailable');
    await expect(
      service.authorizeConditional([{ permission: read }], alice),
    ).resolves.toHaveLength(1);
    expect(backend.asked).toHaveLength(2);
  });

  it('does not cache backend services or unauthenticated callers', async () => {
    for (const credentials of [
      mockCredentials.service('plugin:catalog'),
      mockCredentials.none(),
    ]) {
      await service.authorize([{ permission: trigger }], { credentials });
      await service.authorize([{ permission: trigger }], { credentials });
    }
    expect(backend.asked).toHaveLength(4);
  });

  it('holds at most maxEntries decisions, dropping the oldest', async () => {
    for (const user of ['a', 'b', 'c', 'd']) {
      await service.authorizeConditional([{ permission: read }], {
        credentials: mockCredentials.user(`user:default/${user}`),
      });
    }
    await service.authorizeConditional([{ permission: read }], {
      credentials: mockCredentials.user('user:default/a'),
    });
    expect(backend.asked).toHaveLength(5);
  });
});

describe('readDecisionCacheConfig', () => {
  it('defaults to 10 s and 10000 decisions, and reads durations in either form', () => {
    expect(readDecisionCacheConfig(new ConfigReader({}))).toEqual({
      ttlMs: 10_000,
      maxEntries: 10_000,
    });
    const of = (decisionCache: object) =>
      readDecisionCacheConfig(
        new ConfigReader({ permission: { teamLabel: { decisionCache } } }),
      );
    expect(of({ ttl: { seconds: 3 }, maxEntries: 50 })).toEqual({
      ttlMs: 3000,
      maxEntries: 50,
    });
    expect(of({ ttl: 'PT2S' }).ttlMs).toBe(2000);
    expect(of({ ttl: { seconds: 0 } }).ttlMs).toBe(0);
  });

  it('names the key of a bad value', () => {
    const of = (decisionCache: object) => () =>
      readDecisionCacheConfig(
        new ConfigReader({ permission: { teamLabel: { decisionCache } } }),
      );
    expect(of({ maxEntries: 0 })).toThrow(
      "permission.teamLabel.decisionCache.maxEntries: '0' is not a positive integer",
    );
    expect(of({ ttl: 'soon' })).toThrow(/decisionCache/);
  });
});
