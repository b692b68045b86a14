import type { Entity } from '@backstage/catalog-model';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { listEntities, waitForEntities } from './__testUtils__/catalogClient';
import { KeycloakUser, startFakeKeycloak } from './__testUtils__/fakeKeycloak';
import { signInThroughOidc } from './__testUtils__/oidc';
import { startProductionBackend } from './__testUtils__/backendProcess';
import { loadProductionPortalConfig } from './__testUtils__/productionPortal';
import { startPostgres } from './__testUtils__/postgres';
import { serviceTokenAccess } from './__testUtils__/securityBackend';

jest.setTimeout(300_000);

const TOKEN = 'production-keycloak-test-service-token-0123456789';
const SYNC_TASK = 'KeycloakOrgEntityProvider:default:refresh';

/** The realm: alice and bob in their teams, and enough people for two pages of 100 users. */
const readers: KeycloakUser[] = Array.from({ length: 148 }, (_, i) => ({
  id: `u-reader-${i}`,
  username: `reader-${i}`,
  email: `reader-${i}@bookstore.test`,
}));
const people: KeycloakUser[] = [
  {
    id: 'u-alice',
    username: 'alice',
    email: 'alice@bookstore.test',
    firstName: 'Alice',
    lastName: 'Moreau',
  },
  { id: 'u-bob', username: 'bob', email: 'bob@bookstore.test' },
  ...readers,
];

/** Files a person registers: someone else in team-payments and a team of bob's; a service. */
const people_yaml = `apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: mallory
spec:
  profile:
    email: bob@bookstore.test
  memberOf: [team-payments]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-checkout
spec:
  type: team
  children: []
  members: [bob]
`;
const service_yaml = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: bobs-service
spec:
  type: service
  lifecycle: experimental
  owner: team-search
`;

describe('production sign-in through Keycloak, with the people and groups of its realm', () => {
  let postgres: Awaited<ReturnType<typeof startPostgres>>;
  let keycloak: Awaited<ReturnType<typeof startFakeKeycloak>>;
  let backend: Awaited<ReturnType<typeof startProductionBackend>>;
  let files: ReturnType<typeof createServer>;
  /** The paths the catalog has read from `files`. */
  const read: string[] = [];

  const kindNamed = (kind: string) =>
    listEntities(backend.server, TOKEN, `kind=${kind}`);
  const names = (entities: Entity[]) => entities.map(e => e.metadata.name);

  /** Signs in through Keycloak as `username` and answers the Backstage identity. */
  async function signInAs(username: string) {
    keycloak.state.signingIn = username;
    const { frame, refresh } = await signInThroughOidc(backend.server);
    expect(frame.error).toBeUndefined();
    expect(refresh?.status).toBe(200);
    return refresh!.body.backstageIdentity as {
      token: string;
      identity: { userEntityRef: string; ownershipEntityRefs: string[] };
    };
  }

  /** Triggers the Keycloak sync and waits until the run has ended. */
  async function syncKeycloak() {
    const tasks = `/api/catalog/.backstage/scheduler/v1/tasks`;
    const lastEnd = async () => {
      const answer = await request(backend.server)
        .get(tasks)
        .set('Authorization', `Bearer ${TOKEN}`);
      const task = answer.body.tasks.find(
        (t: { taskId: string }) => t.taskId === SYNC_TASK,
      );
      return task?.taskState?.status === 'idle'
        ? String(task.taskState.lastRunEndedAt)
        : undefined;
    };
    const before = await lastEnd();
    const trigger = await request(backend.server)
      .post(`${tasks}/${encodeURIComponent(SYNC_TASK)}/trigger`)
      .set('Authorization', `Bearer ${TOKEN}`);
    expect(trigger.status).toBe(200);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const end = await lastEnd();
      if (end !== undefined && end !== before) return;
      if (Date.now() > deadline) throw new Error(`${SYNC_TASK} did not run`);
      await new Promise(r => setTimeout(r, 250));
    }
  }

  beforeAll(async () => {
    postgres = await startPostgres();
    keycloak = await startFakeKeycloak({
      realm: 'bookstore',
      clientId: 'bookstore-portal-catalog',
      clientSecret: 'sync-secret',
      signInClient: {
        clientId: 'bookstore-portal',
        clientSecret: 'sign-in-secret',
      },
      users: [...people],
      groups: [
        { id: 'g-payments', name: 'team-payments', members: ['alice'] },
        { id: 'g-search', name: 'team-search', members: ['bob'] },
      ],
    });
    files = createServer((req, res) => {
      const file = req.url === '/people.yaml' ? people_yaml : service_yaml;
      read.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/yaml' }).end(file);
    });
    await new Promise<void>(r => files.listen(0, '127.0.0.1', r));
    const config = await loadProductionPortalConfig({
      database: postgres.connection,
      keycloakMetadataUrl: keycloak.metadataUrl,
      // The chart's environment for the sign-in client and the sync client.
      environment: {
        KEYCLOAK_CLIENT_ID: 'bookstore-portal',
        KEYCLOAK_CLIENT_SECRET: 'sign-in-secret',
        KEYCLOAK_BASE_URL: keycloak.baseUrl,
        KEYCLOAK_SYNC_CLIENT_ID: 'bookstore-portal-catalog',
        KEYCLOAK_SYNC_CLIENT_SECRET: 'sync-secret',
      },
      overrides: [
        serviceTokenAccess(TOKEN, 'production-keycloak-test'),
        {
          backend: {
            reading: {
              allow: [
                {
                  host: `127.0.0.1:${(files.address() as AddressInfo).port}`,
                },
              ],
            },
          },
        },
      ],
    });
    const started = Date.now();
    backend = await startProductionBackend(config);
    await waitForEntities(
      backend.server,
      TOKEN,
      all => all.filter(e => e.kind === 'User').length === people.length,
      { filter: 'kind=user' },
    );
    process.stdout.write(
      `production backend started and synced ${
        people.length
      } Keycloak users in ${Date.now() - started} ms\n`,
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await keycloak?.close();
    await new Promise(r => files?.close(r));
    await postgres?.stop();
  });

  it("signs alice in as the User the sync created, owning the realm's groups by their names", async () => {
    const [payments] = await listEntities(
      backend.server,
      TOKEN,
      'kind=group,metadata.name=team-payments',
    );
    expect(payments.spec?.members).toEqual(['alice']);
    expect(names(await kindNamed('group')).sort()).toEqual([
      'team-payments',
      'team-search',
    ]);

    const started = Date.now();
    const alice = await signInAs('alice');
    process.stdout.write(
      `OIDC sign-in through Keycloak: ${Date.now() - started} ms\n`,
    );
    expect(alice.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs: [
        'user:default/alice',
        'group:default/team-payments',
      ],
    });
    // The token is one the portal's backend accepts as alice's.
    const me = await request(backend.server)
      .get('/api/catalog/entities/by-name/user/default/alice')
      .set('Authorization', `Bearer ${alice.token}`);
    expect(me.status).toBe(200);
    expect(me.body.spec.profile.displayName).toBe('Alice Moreau');
  });

  it('refuses a Keycloak user the catalog does not have, saying so', async () => {
    // zoe joined the realm after the last sync.
    keycloak.state.users.push({
      id: 'u-zoe',
      username: 'zoe',
      email: 'zoe@bookstore.test',
    });
    keycloak.state.signingIn = 'zoe';
    const { frame, refresh } = await signInThroughOidc(backend.server);
    keycloak.state.users = keycloak.state.users.filter(u => u.id !== 'u-zoe');
    expect(refresh).toBeUndefined();
    expect(frame.error?.message).toBe(
      'Failed to sign-in, unable to resolve user identity. Please verify that your catalog contains the expected User entities that would match your configured sign-in resolver.',
    );
  });

  it('lets no registered location make anyone a member of a team', async () => {
    const bob = await signInAs('bob');
    const { port } = files.address() as AddressInfo;
    const register = (path: string, dryRun = false) =>
      request(backend.server)
        .post('/api/catalog/locations')
        .query(dryRun ? { dryRun: 'true' } : {})
        .set('Authorization', `Bearer ${bob.token}`)
        .send({ type: 'url', target: `http://127.0.0.1:${port}${path}` });

    // "Register existing component" analyses first: refused, saying why.
    const analysis = await register('/people.yaml', true);
    expect(analysis.status).toBe(400);
    expect(analysis.body.error.message).toMatch(
      /^NotAllowedError: Entity user:default\/mallory at url:\S+\/people.yaml, originated at url:\S+\/people.yaml, is not of an allowed kind for that location$/,
    );

    // Registered anyway (the API takes the location): the catalog reads it and takes nothing of
    // it, while a service registered after it is taken.
    expect((await register('/people.yaml')).status).toBe(201);
    expect((await register('/service.yaml')).status).toBe(201);
    await waitForEntities(
      backend.server,
      TOKEN,
      all => all.length === 1 && read.includes('/people.yaml'),
      { filter: 'kind=component,metadata.name=bobs-service' },
    );
    expect(names(await kindNamed('group')).sort()).toEqual([
      'team-payments',
      'team-search',
    ]);
    expect(
      await listEntities(
        backend.server,
        TOKEN,
        'kind=user,metadata.name=mallory',
      ),
    ).toEqual([]);
    expect((await signInAs('bob')).identity.ownershipEntityRefs).toEqual([
      'user:default/bob',
      'group:default/team-search',
    ]);
  });

  it('keeps the Users and Groups when a page of users fails after the first one succeeded', async () => {
    keycloak.state.failingUserPages = [100];
    await syncKeycloak();
    expect(await kindNamed('user')).toHaveLength(people.length);
    expect(names(await kindNamed('group')).sort()).toEqual([
      'team-payments',
      'team-search',
    ]);
    expect((await signInAs('reader-147')).identity.userEntityRef).toBe(
      'user:default/reader-147',
    );

    // Keycloak answers every page again: the next sync applies the realm as it is.
    keycloak.state.failingUserPages = [];
    keycloak.state.users = keycloak.state.users.filter(
      u => u.username !== 'reader-147',
    );
    await syncKeycloak();
    await waitForEntities(
      backend.server,
      TOKEN,
      all => all.length === people.length - 1,
      { filter: 'kind=user', timeoutMs: 30_000 },
    );
  });
});
