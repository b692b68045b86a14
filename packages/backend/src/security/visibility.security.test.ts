import type { Entity } from '@backstage/catalog-model';
import type { Server } from 'node:http';
import {
  HIDDEN_TEMPLATE,
  MISSING_TEMPLATE,
  SERVICE_TOKEN,
  SignedIn,
  TEMPLATES_FILE,
  answerAbout,
  as,
  startSecurityBackend,
} from '../__testUtils__/securityBackend';

jest.setTimeout(240_000);

/**
 * Issue 12, item 7: a Template labelled for team-payments (payments-service) is hidden from
 * bob (team-search), and nothing tells him it exists: every route answers him about it as
 * about a name nothing has (no-such-template).
 */
describe('hidden templates: no route names them to a non-member', () => {
  let backend: Awaited<ReturnType<typeof startSecurityBackend>>;
  let server: Server;
  let alice: SignedIn;
  let bob: SignedIn;
  let carol: SignedIn;
  const hiddenRef = `template:default/${HIDDEN_TEMPLATE}`;
  const missingRef = `template:default/${MISSING_TEMPLATE}`;

  /** bob's answers for the hidden and the missing name, compared. */
  async function sameForBob(
    send: (name: string) => PromiseLike<{ status: number; body: unknown }>,
  ) {
    const hidden = answerAbout(await send(HIDDEN_TEMPLATE), HIDDEN_TEMPLATE);
    const missing = answerAbout(await send(MISSING_TEMPLATE), MISSING_TEMPLATE);
    expect(hidden).toEqual(missing);
    return hidden;
  }

  beforeAll(async () => {
    backend = await startSecurityBackend([
      // The catalog collator indexes soon after start (search results below).
      {
        search: {
          collators: {
            catalog: {
              schedule: {
                frequency: { minutes: 30 },
                timeout: { minutes: 2 },
                initialDelay: { seconds: 1 },
              },
            },
          },
        },
      },
    ]);
    ({ server, alice, bob, carol } = backend);
  });

  afterAll(async () => {
    await backend?.backend.stop();
  });

  it('gives bob nothing that names it in everything he can read, relations included', async () => {
    const everything = await as(server, bob).get(
      '/api/catalog/entities?limit=1000',
    );
    expect(everything.status).toBe(200);
    expect(everything.body.length).toBeGreaterThan(20);
    expect(JSON.stringify(everything.body)).not.toContain(HIDDEN_TEMPLATE);

    const relations = await as(server, bob).get(
      '/api/catalog/entities/by-query?filter=kind=group&fields=metadata.name,relations&limit=1000',
    );
    expect(relations.status).toBe(200);
    expect(JSON.stringify(relations.body)).not.toContain(HIDDEN_TEMPLATE);

    const team = await as(server, bob).get(
      '/api/catalog/entities/by-name/group/default/team-payments',
    );
    expect(team.status).toBe(200);
    expect(
      (team.body as Entity).relations!.map(r => `${r.type} ${r.targetRef}`),
    ).not.toContain(`ownerOf ${hiddenRef}`);
  });

  it('keeps the owner relation of an unlabelled template, and the labelled one its owner', async () => {
    const platformTeam = await as(server, bob).get(
      '/api/catalog/entities/by-name/group/default/platform-team',
    );
    expect(
      (platformTeam.body as Entity).relations!.map(
        r => `${r.type} ${r.targetRef}`,
      ),
    ).toContain('ownerOf template:default/hello-world');
    const hidden = await as(server, alice).get(
      `/api/catalog/entities/by-name/template/default/${HIDDEN_TEMPLATE}`,
    );
    expect(hidden.status).toBe(200);
    expect(hidden.body.relations).toEqual([
      { type: 'ownedBy', targetRef: 'group:default/team-payments' },
    ]);
    // What members lose: their group no longer lists the team's labelled templates.
    const team = await as(server, alice).get(
      '/api/catalog/entities/by-name/group/default/team-payments',
    );
    expect(JSON.stringify(team.body.relations)).not.toContain(HIDDEN_TEMPLATE);
  });

  it('answers facets and relation filters as if it did not exist', async () => {
    const facets = await as(server, bob).get(
      '/api/catalog/entity-facets?facet=relations.ownerOf&facet=metadata.name',
    );
    expect(facets.status).toBe(200);
    expect(JSON.stringify(facets.body)).not.toContain(HIDDEN_TEMPLATE);

    await expect(
      sameForBob(name =>
        as(server, bob).get(
          `/api/catalog/entities/by-query?filter=relations.ownerOf=template:default/${name}`,
        ),
      ),
    ).resolves.toMatchObject({ status: 200 });
    const filtered = await as(server, bob).get(
      `/api/catalog/entities/by-query?filter=relations.ownerOf=${hiddenRef}`,
    );
    expect(filtered.body).toMatchObject({ items: [], totalItems: 0 });
  });

  it('answers reads by name, ref, uid and ancestry as if it did not exist', async () => {
    await expect(
      sameForBob(name =>
        as(server, bob).get(
          `/api/catalog/entities/by-name/template/default/${name}`,
        ),
      ),
    ).resolves.toMatchObject({ status: 404 });
    await expect(
      sameForBob(name =>
        as(server, bob).get(
          `/api/catalog/entities/by-name/template/default/${name}/ancestry`,
        ),
      ),
    ).resolves.toMatchObject({ status: 403 });

    const byRefs = await as(server, bob).post('/api/catalog/entities/by-refs', {
      entityRefs: [hiddenRef, missingRef],
    });
    expect(byRefs.status).toBe(200);
    expect(byRefs.body.items).toEqual([null, null]);

    const { uid } = (
      await as(server, carol).get(
        `/api/catalog/entities/by-name/template/default/${HIDDEN_TEMPLATE}`,
      )
    ).body.metadata;
    const missingUid = '00000000-0000-4000-8000-000000000000';
    const hidden = answerAbout(
      await as(server, bob).get(`/api/catalog/entities/by-uid/${uid}`),
      uid,
    );
    const missing = answerAbout(
      await as(server, bob).get(`/api/catalog/entities/by-uid/${missingUid}`),
      missingUid,
    );
    expect(hidden).toEqual(missing);
    expect(hidden.status).toBe(404);
  });

  it('refuses refreshing it as refreshing a name that does not exist; refreshing what one sees works', async () => {
    await expect(
      sameForBob(name =>
        as(server, bob).post('/api/catalog/refresh', {
          entityRef: `template:default/${name}`,
        }),
      ),
    ).resolves.toMatchObject({ status: 403 });
    const visible = await as(server, bob).post('/api/catalog/refresh', {
      entityRef: 'component:default/payments-gateway',
    });
    expect(visible.status).toBe(200);
    const member = await as(server, alice).post('/api/catalog/refresh', {
      entityRef: hiddenRef,
    });
    expect(member.status).toBe(200);
  });

  it('shows locations (the files entities come from) to admins only', async () => {
    const answer = await sameForBob(name =>
      as(server, bob).get(
        `/api/catalog/locations/by-entity/template/default/${name}`,
      ),
    );
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('templates.yaml');
    const list = await as(server, bob).get('/api/catalog/locations');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([]);
    // The admin is told where it comes from (a location of the configuration, which the
    // catalog does not list as a registered one).
    const asCarol = await as(server, carol).get(
      `/api/catalog/locations/by-entity/template/default/${HIDDEN_TEMPLATE}`,
    );
    expect(asCarol.status).toBe(404);
    expect(asCarol.body.error.message).toBe(
      `Found no location with type file and target ${TEMPLATES_FILE}`,
    );
  });

  it('shows Location entities (their targets name the files) to admins only', async () => {
    const locations = (who: SignedIn) =>
      as(server, who).get(
        '/api/catalog/entities/by-query?filter=kind=location&limit=1000',
      );
    const asBob = await locations(bob);
    expect(asBob.status).toBe(200);
    expect(asBob.body.items).toEqual([]);
    const everything = await as(server, bob).get(
      '/api/catalog/entities?limit=1000',
    );
    // The templates he may see name their file in their annotations; no entity of his names
    // the hidden template, nor is a Location among them.
    expect(JSON.stringify(everything.body)).not.toContain(HIDDEN_TEMPLATE);
    expect(
      everything.body.filter((e: Entity) => e.kind === 'Location'),
    ).toEqual([]);
    const asCarol = await locations(carol);
    expect(asCarol.body.items.map((e: Entity) => e.spec?.target)).toContain(
      TEMPLATES_FILE,
    );
  });

  it("answers the scaffolder's parameter schema as for a template that does not exist", async () => {
    await expect(
      sameForBob(name =>
        as(server, bob).get(
          `/api/scaffolder/v2/templates/default/template/${name}/parameter-schema`,
        ),
      ),
    ).resolves.toMatchObject({ status: 404 });
    const member = await as(server, alice).get(
      `/api/scaffolder/v2/templates/default/template/${HIDDEN_TEMPLATE}/parameter-schema`,
    );
    expect(member.status).toBe(200);
  });

  it("keeps alice's task of the hidden template out of bob's task list and task reads", async () => {
    const task = await as(server, alice).post('/api/scaffolder/v2/tasks', {
      templateRef: hiddenRef,
      values: { name: 'refunds' },
    });
    expect(task.status).toBe(201);
    const list = await as(server, bob).get('/api/scaffolder/v2/tasks');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(HIDDEN_TEMPLATE);
    // A task id is a random UUID, not a name: the scaffolder refuses another's task (403)
    // and says an unknown id is unknown (404), neither naming the template.
    const other = await as(server, bob).get(
      `/api/scaffolder/v2/tasks/${task.body.id}`,
    );
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain(HIDDEN_TEMPLATE);
    const events = await as(server, bob).get(
      `/api/scaffolder/v2/tasks/${task.body.id}/events`,
    );
    expect(events.status).toBe(403);
    const own = await as(server, alice).get('/api/scaffolder/v2/tasks');
    expect(JSON.stringify(own.body)).toContain(HIDDEN_TEMPLATE);
  });

  it('leaves it out of search results for bob, not for alice', async () => {
    const search = (who: SignedIn) =>
      as(server, who).get('/api/search/query?term=Payments%20service');
    // The collator's first run may start before the catalog holds the template, and the next
    // is ten minutes later: carol (an admin) triggers it, as an admin would, until alice finds
    // the template (409 while a run is still going).
    for (let i = 0; ; i++) {
      const found = await search(alice);
      if (JSON.stringify(found.body.results).includes(HIDDEN_TEMPLATE)) {
        break;
      }
      if (i > 60) {
        throw new Error('the catalog was never indexed for search');
      }
      const trigger = await as(server, carol).post(
        '/api/search/.backstage/scheduler/v1/tasks/search_index_software_catalog/trigger',
      );
      expect([200, 409]).toContain(trigger.status);
      await new Promise(r => setTimeout(r, 2000));
    }
    const results = await search(bob);
    expect(results.status).toBe(200);
    expect(JSON.stringify(results.body)).not.toContain(HIDDEN_TEMPLATE);
  });

  it("does not read the template file's entities back to bob through a file location of his", async () => {
    const dryRun = await as(server, bob).post(
      '/api/catalog/locations?dryRun=true',
      { type: 'file', target: TEMPLATES_FILE },
    );
    expect(dryRun.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(dryRun.body)).not.toContain(HIDDEN_TEMPLATE);
  });

  it('still shows the hidden template to the service and the admin', async () => {
    for (const who of [SERVICE_TOKEN, carol, alice]) {
      const response = await as(server, who).get(
        `/api/catalog/entities/by-name/template/default/${HIDDEN_TEMPLATE}`,
      );
      expect(response.status).toBe(200);
    }
  });
});
