import request from 'supertest';
import { waitForEntities } from './__testUtils__/catalogClient';
import {
  guestSignInForTests,
  oauth2ProxySignInForTests,
  signInAs,
  signInAsGuest,
  startPortalBackend,
} from './__testUtils__/portalBackend';
import { loadPortalConfig } from './__testUtils__/portalConfig';

jest.setTimeout(120_000);

describe('sign-in and permissions of the portal backend', () => {
  let backend: Awaited<ReturnType<typeof startPortalBackend>>;

  beforeAll(async () => {
    const config = await loadPortalConfig(
      ['app-config.yaml'],
      [guestSignInForTests, oauth2ProxySignInForTests],
    );
    backend = await startPortalBackend(config);
    const guest = await signInAsGuest(backend.server);
    await waitForEntities(backend.server, guest, all =>
      ['alice', 'bob', 'carol', 'payments-gateway'].every(name =>
        all.some(e => e.metadata.name === name),
      ),
    );
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('signs people in from the catalog by e-mail, owning their groups and parent groups', async () => {
    const alice = await signInAs(backend.server, 'alice');
    expect(alice.userEntityRef).toBe('user:default/alice');
    expect(alice.ownershipEntityRefs).toEqual([
      'user:default/alice',
      'group:default/team-payments',
      'group:default/engineering',
      'group:default/bookstore',
    ]);
    const carol = await signInAs(backend.server, 'carol');
    expect(carol.ownershipEntityRefs).toContain('group:default/portal-admins');
  });

  it('runs the team-label policy: only owners and admins delete an entity', async () => {
    const bob = await signInAs(backend.server, 'bob');
    const gateway = await request(backend.server)
      .get('/api/catalog/entities/by-name/component/default/payments-gateway')
      .set('Authorization', `Bearer ${bob.token}`);
    expect(gateway.status).toBe(200);
    const removal = await request(backend.server)
      .delete(`/api/catalog/entities/by-uid/${gateway.body.metadata.uid}`)
      .set('Authorization', `Bearer ${bob.token}`);
    expect(removal.status).toBe(403);
  });

  it('keeps the guest sign-in of the local start, which reads the catalog', async () => {
    const guest = await signInAsGuest(backend.server);
    const response = await request(backend.server)
      .get('/api/catalog/entities/by-name/component/default/payments-gateway')
      .set('Authorization', `Bearer ${guest}`);
    expect(response.status).toBe(200);
  });

  it('serves no OIDC sign-in without its production configuration', async () => {
    const response = await request(backend.server).get('/api/auth/oidc/start');
    expect(response.status).toBe(404);
  });
});
