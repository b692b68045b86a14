import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForEntities } from '../__testUtils__/catalogClient';
import {
  oauth2ProxySignInForTests,
  signInAs,
} from '../__testUtils__/oauth2Proxy';
import { startPortalBackend } from '../__testUtils__/portalBackend';
import {
  addFileLocation,
  loadPortalConfig,
} from '../__testUtils__/portalConfig';
import { runTask } from '../__testUtils__/scaffolderTasks';
import {
  SignedIn,
  as,
  serviceTokenAccess,
  startPortalWithPeople,
} from '../__testUtils__/securityBackend';

jest.setTimeout(300_000);

/**
 * Issue 12, items 2 and 4, replayed over HTTP against the portal's backend as it ships
 * (app-config.yaml's catalog rules and locations, local publishing into a temporary
 * directory). 2: bob (team-search) registers repositories, served by a local git host, that
 * declare people, teams, templates and locations; the catalog takes none of it, and bob is no
 * admin afterwards. 4: a published service whose catalog-info.yaml stops parsing hides no
 * service published after it, and the register step fails on a file the catalog refuses.
 */

const TOKEN = 'catalog-sources-security-service-token';

const doc = (kind: string, name: string, spec: object) =>
  JSON.stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name },
    spec,
  });

/** A team under portal-admins with bob as its member: what would make him an admin. */
const ADMIN_GROUP = doc('Group', 'bob-admins', {
  type: 'team',
  parent: 'portal-admins',
  children: [],
  members: ['bob'],
});

/** What a registered location could declare besides a service, one kind each. */
const HOSTILE: Array<[kind: string, name: string, document: string]> = [
  ['Group', 'bob-admins', ADMIN_GROUP],
  [
    'User',
    'mallory',
    doc('User', 'mallory', {
      profile: { email: 'mallory@bookstore.example' },
      memberOf: ['portal-admins'],
    }),
  ],
  [
    'Template',
    'bob-template',
    JSON.stringify({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'bob-template' },
      spec: { owner: 'team-search', type: 'service', steps: [] },
    }),
  ],
  [
    'Location',
    'bob-files',
    // Filled in with a file of the server once the temporary directory exists.
    '',
  ],
  [
    'System',
    'bob-system',
    doc('System', 'bob-system', { owner: 'team-search' }),
  ],
  [
    'Resource',
    'payments-prod',
    doc('Resource', 'payments-prod', {
      type: 'bookstore-tenant',
      owner: 'group:default/team-search',
    }),
  ],
];

const component = (name: string) =>
  doc('Component', name, {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'group:default/team-search',
  });

/** A git host on 127.0.0.1 serving `files` by path; `served` counts the reads of each path. */
async function serveFiles(files: Map<string, string>) {
  const served = new Map<string, number>();
  const server = createServer((req, res) => {
    served.set(req.url ?? '', (served.get(req.url ?? '') ?? 0) + 1);
    const body = files.get(req.url ?? '');
    res.writeHead(body === undefined ? 404 : 200, {
      'content-type': 'text/plain',
    });
    res.end(body ?? 'not found');
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { server, served, base: `http://127.0.0.1:${port}` };
}

describe('catalog sources: what bob registers or publishes cannot define who is who', () => {
  let backend: Awaited<ReturnType<typeof startPortalBackend>>;
  let server: Server;
  let host: Awaited<ReturnType<typeof serveFiles>>;
  let alice: SignedIn;
  let bob: SignedIn;
  let carol: SignedIn;
  const files = new Map<string, string>();
  const root = mkdtempSync(join(tmpdir(), 'catalog-sources-security-'));
  const gitDir = join(root, 'git');
  const serverFile = join(root, 'server-file.yaml');

  beforeAll(async () => {
    process.env.BOOKSTORE_LOCAL_GIT_DIR = gitDir;
    writeFileSync(serverFile, component('from-a-server-file'));
    HOSTILE[3][2] = JSON.stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Location',
      metadata: { name: 'bob-files' },
      spec: { type: 'file', target: serverFile },
    });
    host = await serveFiles(files);
    // A template of one step, the golden path's register step, for any published repository.
    const registerTemplate = join(root, 'register-template.json');
    writeFileSync(
      registerTemplate,
      JSON.stringify({
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'register-published' },
        spec: {
          owner: 'group:default/platform-team',
          type: 'service',
          parameters: [
            {
              properties: { repoName: { type: 'string' } },
              required: ['repoName'],
            },
          ],
          steps: [
            {
              id: 'register-local',
              name: 'Register in the catalog',
              action: 'bookstore:catalog:register-local',
              input: {
                catalogInfoPath: `${gitDir}/\${{ parameters.repoName }}/catalog-info.yaml`,
              },
            },
          ],
        },
      }),
    );
    const config = await loadPortalConfig(
      ['app-config.yaml'],
      [
        oauth2ProxySignInForTests,
        serviceTokenAccess(TOKEN, 'catalog-sources-security'),
        // The local git host that bob's repositories are on.
        {
          backend: { reading: { allow: [{ host: new URL(host.base).host }] } },
        },
      ],
    );
    addFileLocation(config, registerTemplate, ['Template']);
    ({ backend, server, alice, bob, carol } = await startPortalWithPeople(
      config,
      TOKEN,
      ['portal-admins', 'new-bookstore-service', 'register-published'],
    ));
  });

  afterAll(async () => {
    await backend?.stop();
    await new Promise(r => host?.server.close(r));
    delete process.env.BOOKSTORE_LOCAL_GIT_DIR;
    rmSync(root, { recursive: true, force: true });
  });

  /**
   * bob registers a repository holding `documents` ("Register existing component"): first the
   * dry run the register page makes, which must refuse it with `refusal` (if given), then for real, as a
   * caller of the API may. Resolves once the catalog has read the file and processed it: a
   * location of his registered after it, holding one service, shows in the catalog.
   */
  async function bobRegisters(
    path: string,
    documents: string[],
    refusal?: string,
  ) {
    files.set(path, documents.join('\n---\n'));
    const target = `${host.base}${path}`;
    const dryRun = await as(server, bob).post(
      '/api/catalog/locations?dryRun=true',
      { type: 'url', target },
    );
    if (refusal) {
      expect([dryRun.status, dryRun.body.error?.name]).toEqual([
        400,
        'InputError',
      ]);
      expect(dryRun.body.error.message).toContain(refusal);
    } else {
      expect(dryRun.status).toBe(201);
    }
    const readsBefore = host.served.get(path) ?? 0;
    const response = await as(server, bob).post('/api/catalog/locations', {
      type: 'url',
      target,
    });
    expect([response.status, response.body.location?.target]).toEqual([
      201,
      target,
    ]);
    const marker = `${path.replace(/\W+/g, '-').replace(/^-/, '')}-after`;
    files.set(`${path}.after`, component(marker));
    expect(
      (
        await as(server, bob).post('/api/catalog/locations', {
          type: 'url',
          target: `${target}.after`,
        })
      ).status,
    ).toBe(201);
    await waitForEntities(
      server,
      TOKEN,
      all => all.length === 1 && (host.served.get(path) ?? 0) > readsBefore,
      { filter: `kind=component,metadata.name=${marker}`, timeoutMs: 60_000 },
    );
    return target;
  }

  async function entity(kind: string, name: string) {
    return as(server, TOKEN).get(
      `/api/catalog/entities/by-name/${kind}/default/${name}`,
    );
  }

  async function expectBobNoAdmin() {
    const fresh = await signInAs(server, 'bob');
    expect(fresh.ownershipEntityRefs).toContain('group:default/team-search');
    expect(fresh.ownershipEntityRefs).not.toContain(
      'group:default/portal-admins',
    );
    expect(fresh.ownershipEntityRefs).not.toContain('group:default/bob-admins');
    const dryRun = { template: {}, values: {}, directoryContents: [] };
    expect(
      (await as(server, bob).post('/api/scaffolder/v2/dry-run', dryRun)).status,
    ).toBe(403);
    // The same request from an admin passes the permission check.
    expect(
      (await as(server, carol).post('/api/scaffolder/v2/dry-run', dryRun))
        .status,
    ).not.toBe(403);
  }

  describe('2. registering a location defines people and groups', () => {
    it.each(HOSTILE.map(([kind, name]) => [kind, name]))(
      'takes no %s (%s) from a location bob registers, and the register page says why',
      async (kind, name) => {
        const document = HOSTILE.find(([k]) => k === kind)![2];
        const path = `/bob/${kind.toLowerCase()}.yaml`;
        const target = `${host.base}${path}`;
        await bobRegisters(
          path,
          [document],
          `Entity ${kind.toLowerCase()}:default/${name} at url:${target}, originated at url:${target}, is not of an allowed kind for that location`,
        );
        expect((await entity(kind, name)).status).toBe(404);
      },
    );

    it('takes nothing of a file that holds a Group with a service, nor the server file a Location in it names', async () => {
      await bobRegisters(
        '/bob/everything.yaml',
        [
          component('bob-tool'),
          ADMIN_GROUP,
          ...HOSTILE.slice(1).map(([, , document]) => document),
        ],
        'Entity group:default/bob-admins',
      );
      for (const [kind, name] of [
        ['component', 'bob-tool'],
        ['component', 'from-a-server-file'],
        ...HOSTILE.map(([k, n]) => [k.toLowerCase(), n]),
      ]) {
        expect([kind, name, (await entity(kind, name)).status]).toEqual([
          kind,
          name,
          404,
        ]);
      }
      await expectBobNoAdmin();
    });

    it('still takes the service and API of a repository bob registers', async () => {
      const target = await bobRegisters('/bob/service.yaml', [
        component('bob-search-tool'),
        doc('API', 'bob-search-api', {
          type: 'openapi',
          lifecycle: 'experimental',
          owner: 'group:default/team-search',
          definition: 'openapi: 3.0.0',
        }),
      ]);
      const found = await waitForEntities(
        server,
        TOKEN,
        all => all.length === 2,
        {
          filter: 'metadata.name=bob-search-tool,metadata.name=bob-search-api',
        },
      );
      expect(
        found.map(
          e =>
            e.metadata.annotations?.['backstage.io/managed-by-origin-location'],
        ),
      ).toEqual([`url:${target}`, `url:${target}`]);
      await expectBobNoAdmin();
    });
  });

  describe('4. one bad published file hides every later service', () => {
    const run = (
      who: SignedIn,
      templateRef: string,
      values: Record<string, unknown>,
    ) => runTask(server, who, templateRef, values);

    const publish = (name: string) =>
      run(alice, 'template:default/new-bookstore-service', {
        name,
        owner: 'group:default/team-payments',
        system: 'system:default/bookstore-platform',
        port: 8080,
        tenantMode: 'new',
        tenantName: `${name}-tenant`,
        tier: 'starter',
        regions: ['us-east'],
      });

    it('shows a service published after one whose catalog-info.yaml stopped parsing', async () => {
      for (const name of ['ledger-one', 'ledger-two']) {
        expect((await publish(name)).status).toBe('completed');
      }
      await waitForEntities(server, TOKEN, all => all.length === 2, {
        filter:
          'kind=component,metadata.name=ledger-one,metadata.name=ledger-two',
      });
      writeFileSync(
        join(gitDir, 'ledger-one', 'catalog-info.yaml'),
        'kind: Component\nmetadata: { name: ledger-one\n',
      );
      expect((await publish('ledger-three')).status).toBe('completed');
      await waitForEntities(server, TOKEN, all => all.length === 3, {
        filter:
          'kind=component,metadata.name=ledger-one,metadata.name=ledger-two,metadata.name=ledger-three',
      });
    });

    it('fails the register step on a file the catalog refuses, and registers nothing', async () => {
      for (const [repoName, broken, reason] of [
        [
          'unparsable',
          'kind: Component\nmetadata: { name: unparsable\n',
          'YAML error',
        ],
        [
          'with-a-group',
          `${component('with-a-group')}\n---\n${ADMIN_GROUP}`,
          'Entity group:default/bob-admins at bookstore-local-git:with-a-group',
        ],
      ]) {
        // A working copy as bookstore:publish:local leaves it, not registered yet.
        const file = join(gitDir, repoName, 'catalog-info.yaml');
        mkdirSync(join(gitDir, repoName), { recursive: true });
        writeFileSync(file, broken);
        const finished = await run(
          alice,
          'template:default/register-published',
          { repoName },
        );
        expect([finished.status, finished.failedSteps]).toEqual([
          'failed',
          ['register-local'],
        ]);
        expect(finished.log).toContain(
          `catalogInfoPath: the catalog refused ${file}, nothing was registered:`,
        );
        expect(finished.log).toContain(reason);
        const locations = await as(server, TOKEN).get('/api/catalog/locations');
        expect(
          locations.body.map(
            (l: { data: { target: string } }) => l.data.target,
          ),
        ).not.toContain(repoName);
        expect((await entity('component', repoName)).status).toBe(404);
      }
      expect((await entity('group', 'bob-admins')).status).toBe(404);
    });
  });
});
