import { startFakeKeycloak } from './__testUtils__/fakeKeycloak';
import { waitForEntities, listEntities } from './__testUtils__/catalogClient';
import { loadPortalConfig } from './__testUtils__/portalConfig';
import {
  oauth2ProxySignInForTests,
  signInAs,
  startPortalBackend,
} from './__testUtils__/portalBackend';
import { serviceTokenAccess } from './__testUtils__/securityBackend';

jest.setTimeout(180_000);

const TOKEN = 'keycloak-org-test-service-token-0123456789';

describe('Users and Groups from Keycloak (catalog.providers.keycloakOrg)', () => {
  it('syncs the realm, signs its people in as those Users with their groups, and keeps them while Keycloak is down', async () => {
    const keycloak = await startFakeKeycloak({
      realm: 'bookstore',
      clientId: 'bookstore-portal-catalog',
      clientSecret: 'sync-secret',
      users: [
        {
          id: 'u-1',
          username: 'dana',
          email: 'dana@bookstore.test',
          firstName: 'Dana',
          lastName: 'Reyes',
        },
        { id: 'u-2', username: 'eli', email: 'eli@bookstore.test' },
      ],
      groups: [
        { id: 'g-1', name: 'payments-team', members: ['dana'] },
        { id: 'g-2', name: 'search-team', members: ['eli'] },
      ],
    });
    const config = await loadPortalConfig(
      ['app-config.yaml'],
      [
        oauth2ProxySignInForTests,
        serviceTokenAccess(TOKEN, 'keycloak-org-test'),
        {
          catalog: {
            locations: [],
            providers: {
              keycloakOrg: {
                default: {
                  baseUrl: keycloak.baseUrl,
                  realm: 'bookstore',
                  loginRealm: 'bookstore',
                  clientId: 'bookstore-portal-catalog',
                  clientSecret: 'sync-secret',
                  schedule: {
                    frequency: { seconds: 1 },
                    timeout: { minutes: 1 },
                  },
                },
              },
            },
          },
        },
      ],
    );
    const backend = await startPortalBackend(config);
    try {
      const names = (kind: string) =>
        listEntities(backend.server, TOKEN, `kind=${kind}`).then(all =>
          all.map(e => e.metadata.name).sort(),
        );
      await waitForEntities(
        backend.server,
        TOKEN,
        all =>
          all.some(e => e.kind === 'User' && e.metadata.name === 'eli') &&
          all.some(e => e.kind === 'Group' && e.metadata.name === 'search-team'),
        { timeoutMs: 30_000 },
      );
      expect(await names('user')).toEqual(['dana', 'eli']);
      expect(await names('group')).toEqual(['payments-team', 'search-team']);

      // Dana signs in with her Keycloak e-mail (the same resolver as the production OIDC
      // provider): she is the synced User and owns what the realm's groups own.
      const dana = await signInAs(backend.server, 'dana', 'dana@bookstore.test');
      expect(dana.userEntityRef).toBe('user:default/dana');
      expect(dana.ownershipEntityRefs).toEqual(
        expect.arrayContaining(['user:default/dana', 'group:default/payments-team']),
      );
      expect(dana.ownershipEntityRefs).not.toContain('group:default/search-team');

      // Keycloak down for several runs: the catalog keeps the people and groups.
      keycloak.state.failing = true;
      const before = keycloak.state.requests;
      const deadline = Date.now() + 30_000;
      while (keycloak.state.requests < before + 3 && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 250));
      }
      expect(keycloak.state.requests).toBeGreaterThanOrEqual(before + 3);
      expect(await names('user')).toEqual(['dana', 'eli']);
      expect(await names('group')).toEqual(['payments-team', 'search-team']);
      expect(
        (await signInAs(backend.server, 'eli', 'eli@bookstore.test'))
          .ownershipEntityRefs,
      ).toContain('group:default/search-team');
    } finally {
      await backend.stop();
      await keycloak.close();
    }
  });
});
