import type { Server } from 'node:http';
import request from 'supertest';
import { createFakeTenantActionPlugin } from './__testUtils__/bookstoreTenantAction';
import {
  FIXTURES,
  ORG_FILE,
  SERVICE_TOKEN,
  SignedIn,
  eventually,
  listedNames,
  serveFile,
  signInAs,
  startTeamLabelBackend,
  teamLabelConfig,
  waitForEntities,
} from './__testUtils__/teamLabelBackend';

jest.setTimeout(180_000);

const TEMPLATES = [
  'payments-service', // labelled team-payments
  'search-indexer', // labelled team-search
  'engineering-runbook', // labelled engineering, the parent group of both teams
  'hello-world', // unlabelled
  'bookstore-tenant', // unlabelled, runs bookstore:tenant
];

describe('the team-label policy, through a real backend', () => {
  let backend: Awaited<ReturnType<typeof startTeamLabelBackend>>;
  let server: Server;
  let alice: SignedIn;
  let bob: SignedIn;
  let carol: SignedIn;
  let gitHost: Awaited<ReturnType<typeof serveFile>>;
  const tenantAction = createFakeTenantActionPlugin();
  const tokenOf = (who: SignedIn | string) =>
    typeof who === 'string' ? who : who.token;
  const bearer = (who: SignedIn | string) => `Bearer ${tokenOf(who)}`;

  beforeAll(async () => {
    gitHost = await serveFile(`${FIXTURES}/registered.yaml`);
    backend = await startTeamLabelBackend({
      config: teamLabelConfig({
        locations: [
          ORG_FILE,
          `${FIXTURES}/templates.yaml`,
          `${FIXTURES}/components.yaml`,
        ],
        readableHosts: [gitHost.host],
      }),
      features: [tenantAction.plugin],
    });
    server = backend.server;
    // A backend service sees everything: wait as one for the people and the fixtures.
    const expected = [
      ...TEMPLATES,
      'payments-worker',
      'search-worker',
      'alice',
      'bob',
      'carol',
      'bookstore',
    ];
    await waitForEntities(server, SERVICE_TOKEN, all =>
      expected.every(name => all.some(e => e.metadata.name === name)),
    );
    [alice, bob, carol] = await Promise.all(
      ['alice', 'bob', 'carol'].map(name => signInAs(server, name)),
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await gitHost?.close();
  });

  describe('sign-in through oauth2Proxy', () => {
    it('resolves people by e-mail, with their groups and every parent group', () => {
      expect(alice).toMatchObject({
        userEntityRef: 'user:default/alice',
        ownershipEntityRefs: [
          'user:default/alice',
          'group:default/team-payments',
          'group:default/engineering',
          'group:default/bookstore',
        ],
      });
      expect(bob.ownershipEntityRefs).toEqual([
        'user:default/bob',
        'group:default/team-search',
        'group:default/engineering',
        'group:default/bookstore',
      ]);
      expect(carol.ownershipEntityRefs).toEqual(
        expect.arrayContaining([
          'group:default/platform-team',
          'group:default/portal-admins',
        ]),
      );
    });

    it('refuses someone who is not in the catalog', async () => {
      await expect(
        signInAs(server, 'mallory', 'mallory@example.com'),
      ).rejects.toThrow(/unable to resolve user identity/);
    });
  });

  describe('seeing templates (catalog list, Create page, entity page)', () => {
    it('lists a labelled template only to its team, unlabelled ones to everyone', async () => {
      const templates = async (who: SignedIn | string) =>
        (await listedNames(server, tokenOf(who), 'kind=template')).sort();
      expect(await templates(alice)).toEqual(
        TEMPLATES.filter(t => t !== 'search-indexer').sort(),
      );
      expect(await templates(bob)).toEqual(
        TEMPLATES.filter(t => t !== 'payments-service').sort(),
      );
      expect(await templates(carol)).toEqual([...TEMPLATES].sort());
      // Backend services are allowed by the permission framework itself.
      expect(await templates(SERVICE_TOKEN)).toEqual([...TEMPLATES].sort());
    });

    it('filters in the query: counts and pages leave hidden templates out', async () => {
      const page = await request(server)
        .get('/api/catalog/entities/by-query')
        .query({ filter: 'kind=template', limit: 1 })
        .set('Authorization', bearer(bob));
      expect(page.status).toBe(200);
      expect(page.body.totalItems).toBe(TEMPLATES.length - 1);
    });

    it("answers 404 for another team's template, by name and by ref", async () => {
      const byName =
        '/api/catalog/entities/by-name/template/default/payments-service';
      expect(
        (await request(server).get(byName).set('Authorization', bearer(bob)))
          .status,
      ).toBe(404);
      expect(
        (await request(server).get(byName).set('Authorization', bearer(alice)))
          .status,
      ).toBe(200);

      const byRefs = await request(server)
        .post('/api/catalog/entities/by-refs')
        .set('Authorization', bearer(bob))
        .send({
          entityRefs: [
            'template:default/payments-service',
            'template:default/hello-world',
          ],
        });
      expect(
        byRefs.body.items.map((e: any) => e?.metadata.name ?? null),
      ).toEqual([null, 'hello-world']);
    });

    it('refuses the parameters of a template the person may not see', async () => {
      const schema = (name: string) =>
        `/api/scaffolder/v2/templates/default/template/${name}/parameter-schema`;
      const asBob = await request(server)
        .get(schema('payments-service'))
        .set('Authorization', bearer(bob));
      expect(asBob.status).toBe(404);
      const asAlice = await request(server)
        .get(schema('payments-service'))
        .set('Authorization', bearer(alice));
      expect(asAlice.status).toBe(200);
      expect(asAlice.body.title).toBe('Payments service');
      const asCarol = await request(server)
        .get(schema('search-indexer'))
        .set('Authorization', bearer(carol));
      expect(asCarol.status).toBe(200);
    });
  });

  describe('running templates and reading tasks', () => {
    const createTask = (
      who: SignedIn,
      templateRef: string,
      values: object = {},
    ) =>
      request(server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', bearer(who))
        .send({ templateRef, values });

    let aliceTask: string;

    it('refuses a direct task creation for a template the person may not see', async () => {
      const asBob = await createTask(bob, 'template:default/payments-service', {
        name: 'x',
      });
      expect(asBob.status).toBe(404);
      expect(asBob.body.error.message).toMatch(/payments-service not found/);

      const asAlice = await createTask(
        alice,
        'template:default/payments-service',
        { name: 'x' },
      );
      expect(asAlice.status).toBe(201);
      aliceTask = asAlice.body.id;

      expect(
        (await createTask(carol, 'template:default/search-indexer')).status,
      ).toBe(201);
      expect(
        (await createTask(bob, 'template:default/engineering-runbook')).status,
      ).toBe(201);
    });

    it("shows a task's logs to its creator and the admins only", async () => {
      const read = (who: SignedIn, path = '') =>
        request(server)
          .get(`/api/scaffolder/v2/tasks/${aliceTask}${path}`)
          .set('Authorization', bearer(who));
      expect((await read(bob)).status).toBe(403);
      expect((await read(bob, '/events')).status).toBe(403);
      expect((await read(alice)).status).toBe(200);
      expect((await read(carol)).status).toBe(200);

      const listed = async (who: SignedIn) =>
        (
          await request(server)
            .get('/api/scaffolder/v2/tasks')
            .set('Authorization', bearer(who))
        ).body.tasks.map((t: { id: string }) => t.id);
      expect(await listed(bob)).not.toContain(aliceTask);
      expect(await listed(alice)).toContain(aliceTask);
      expect(await listed(carol)).toContain(aliceTask);
    });

    it('lets only the creator and the admins cancel a task', async () => {
      const cancel = (who: SignedIn) =>
        request(server)
          .post(`/api/scaffolder/v2/tasks/${aliceTask}/cancel`)
          .set('Authorization', bearer(who));
      expect((await cancel(bob)).status).toBe(403);
      expect((await cancel(alice)).status).toBe(200);
      expect((await cancel(carol)).status).toBe(200);
    });

    it('applies a BookstoreTenant only for its owner team or an admin', async () => {
      const run = async (
        who: SignedIn,
        values: { owner: string; apply?: boolean },
      ) => {
        const created = await createTask(
          who,
          'template:default/bookstore-tenant',
          values,
        );
        expect(created.status).toBe(201);
        const task = `/api/scaffolder/v2/tasks/${created.body.id}`;
        const status = await eventually(`task ${created.body.id}`, async () => {
          const { body } = await request(server)
            .get(task)
            .set('Authorization', bearer(who));
          return ['completed', 'failed'].includes(body.status)
            ? body.status
            : undefined;
        });
        if (status === 'completed') {
          return status;
        }
        const events = await request(server)
          .get(`${task}/events`)
          .set('Authorization', bearer(who));
        const log = events.body
          .map((e: { body: { message?: string } }) => e.body.message)
          .join('\n');
        return log.includes('Unauthorized action: bookstore:tenant:apply')
          ? 'refused'
          : `failed: ${log}`;
      };
      const cases: Array<
        [SignedIn, { owner: string; apply?: boolean }, string]
      > = [
        [alice, { owner: 'team-payments', apply: true }, 'completed'],
        [alice, { owner: 'team-search', apply: true }, 'refused'],
        [
          alice,
          { owner: 'group:default/team-payments', apply: true },
          'completed',
        ],
        [bob, { owner: 'group:default/team-payments', apply: true }, 'refused'],
        // Rendering the claim for GitOps changes no cluster: open to everyone.
        [bob, { owner: 'team-payments' }, 'completed'],
        [carol, { owner: 'team-search', apply: true }, 'completed'],
      ];
      const outcomes: string[] = [];
      for (const [who, values] of cases) {
        outcomes.push(await run(who, values));
      }
      expect(outcomes).toEqual(cases.map(([, , expected]) => expected));
      expect(tenantAction.ran).toEqual(
        cases
          .filter(([, , result]) => result === 'completed')
          .map(([, values]) => ({
            action: values.apply
              ? 'bookstore:tenant:apply'
              : 'bookstore:tenant',
            owner: values.owner,
          })),
      );
    });
  });

  describe('catalog entities', () => {
    const uidOf = async (name: string) => {
      const response = await request(server)
        .get(`/api/catalog/entities/by-name/component/default/${name}`)
        .set('Authorization', bearer(SERVICE_TOKEN));
      return response.body.metadata.uid as string;
    };
    const deleteEntity = async (who: SignedIn, name: string) =>
      (
        await request(server)
          .delete(`/api/catalog/entities/by-uid/${await uidOf(name)}`)
          .set('Authorization', bearer(who))
      ).status;

    it('lets everyone signed in read and refresh', async () => {
      expect(await listedNames(server, bob.token, 'kind=component')).toEqual(
        expect.arrayContaining(['payments-worker', 'search-worker']),
      );
      const refresh = await request(server)
        .post('/api/catalog/refresh')
        .set('Authorization', bearer(bob))
        .send({ entityRef: 'component:default/payments-worker' });
      expect(refresh.status).toBe(200);
    });

    it('refuses anyone not signed in', async () => {
      expect(
        (await request(server).get('/api/catalog/entities/by-query')).status,
      ).toBe(401);
    });

    it('lets only the owners and the admins delete an entity', async () => {
      expect(await deleteEntity(bob, 'payments-worker')).toBe(403);
      expect(await deleteEntity(alice, 'payments-worker')).toBe(204);
      expect(await deleteEntity(alice, 'search-worker')).toBe(403);
      expect(await deleteEntity(carol, 'search-worker')).toBe(204);
    });

    it('lets everyone register, and only the admins unregister a location (the catalog asks without naming it)', async () => {
      const registered = await request(server)
        .post('/api/catalog/locations')
        .set('Authorization', bearer(alice))
        .send({ type: 'url', target: gitHost.url });
      expect(registered.status).toBe(201);
      const { id } = registered.body.location;
      const unregister = (who: SignedIn) =>
        request(server)
          .delete(`/api/catalog/locations/${id}`)
          .set('Authorization', bearer(who));
      expect((await unregister(alice)).status).toBe(403);
      expect((await unregister(bob)).status).toBe(403);
      expect((await unregister(carol)).status).toBe(204);
    });
  });
});
