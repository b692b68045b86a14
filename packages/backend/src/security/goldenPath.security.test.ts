import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForEntities } from '../__testUtils__/catalogClient';
import { oauth2ProxySignInForTests } from '../__testUtils__/oauth2Proxy';
import { startPortalBackend } from '../__testUtils__/portalBackend';
import {
  addFileLocation,
  loadPortalConfig,
} from '../__testUtils__/portalConfig';
import { runTask, submitTask } from '../__testUtils__/scaffolderTasks';
import {
  SignedIn,
  as,
  serviceTokenAccess,
  startPortalWithPeople,
} from '../__testUtils__/securityBackend';

jest.setTimeout(300_000);

/**
 * Issue 12, items 1, 3, 5 and 6, replayed over HTTP against the portal's backend as it
 * ships (app-config.yaml, local publishing into a temporary directory): bob (team-search)
 * submits the new-bookstore-service golden path with values no form would send. Each attack
 * is refused — by the scaffolder's validation of the values against the template's schema
 * (400, naming the field) or by the template's bookstore:service:verify step before anything
 * is published (the task fails there, naming the field) — and nothing reaches the catalog
 * or the git directory. alice (team-payments) and carol (portal admin) still create what
 * they may.
 */

const TEMPLATE_REF = 'template:default/new-bookstore-service';
const TOKEN = 'golden-path-security-service-token';

/** Team-payments' tenant, as the Crossplane catalog provider makes it from a cluster. */
const PAYMENTS_TENANT = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'payments', title: 'Payments' },
  spec: { type: 'bookstore-tenant', owner: 'group:default/team-payments' },
};

/** What bob injects: a team under portal-admins with him as its member. */
const ADMIN_GROUP = [
  'apiVersion: backstage.io/v1alpha1',
  'kind: Group',
  'metadata:',
  '  name: bob-admins',
  'spec:',
  '  type: team',
  '  parent: portal-admins',
  '  children: []',
  '  members: [bob]',
].join('\n');

const service = (values: Record<string, unknown>) => ({
  system: 'system:default/bookstore-platform',
  port: 8080,
  ...values,
});

describe('the golden path: what bob types cannot change who is who or reach past his team', () => {
  let backend: Awaited<ReturnType<typeof startPortalBackend>>;
  let server: Server;
  let alice: SignedIn;
  let bob: SignedIn;
  let carol: SignedIn;
  const root = mkdtempSync(join(tmpdir(), 'golden-path-security-'));
  const gitDir = join(root, 'git');

  beforeAll(async () => {
    process.env.BOOKSTORE_LOCAL_GIT_DIR = gitDir;
    const tenantsFile = join(root, 'tenants.yaml');
    // JSON is YAML: the catalog reads it as any catalog file.
    writeFileSync(tenantsFile, JSON.stringify(PAYMENTS_TENANT));
    const config = await loadPortalConfig(
      ['app-config.yaml'],
      [
        oauth2ProxySignInForTests,
        serviceTokenAccess(TOKEN, 'golden-path-security'),
      ],
    );
    addFileLocation(config, tenantsFile, ['Resource']);
    ({ backend, server, alice, bob, carol } = await startPortalWithPeople(
      config,
      TOKEN,
      ['payments', 'payments-gateway', 'new-bookstore-service'],
    ));
  });

  afterAll(async () => {
    await backend?.stop();
    delete process.env.BOOKSTORE_LOCAL_GIT_DIR;
    rmSync(root, { recursive: true, force: true });
  });

  const submit = (who: SignedIn, values: Record<string, unknown>) =>
    submitTask(server, who, TEMPLATE_REF, values);
  const run = (who: SignedIn, values: Record<string, unknown>) =>
    runTask(server, who, TEMPLATE_REF, values);

  /** The 400 of the scaffolder's validation, and the fields its errors name. */
  async function refusedFields(who: SignedIn, values: Record<string, unknown>) {
    const response = await submit(who, values);
    expect(response.status).toBe(400);
    return [
      ...new Set(
        (response.body.errors as Array<{ path: Array<string | number> }>).map(
          e => String(e.path[0]),
        ),
      ),
    ];
  }

  /** Nothing of `name` was published or registered. */
  async function expectNothingOf(name: string) {
    expect([name, existsSync(join(gitDir, `${name}.git`))]).toEqual([
      name,
      false,
    ]);
    const entity = await as(server, TOKEN).get(
      `/api/catalog/entities/by-name/component/default/${name}`,
    );
    expect([name, entity.status]).toEqual([name, 404]);
  }

  async function expectBobNoAdmin() {
    const dryRun = await as(server, bob).post('/api/scaffolder/v2/dry-run', {
      template: {},
      values: {},
      directoryContents: [],
    });
    expect(dryRun.status).toBe(403);
    const groups = await as(server, TOKEN).get(
      '/api/catalog/entities/by-query?filter=kind=group,metadata.name=bob-admins',
    );
    expect(groups.body.items).toEqual([]);
  }

  describe('1. YAML injection through the form values', () => {
    it.each([
      ['system', `system:default/bookstore-platform\n---\n${ADMIN_GROUP}`],
      [
        'owner',
        'group:default/team-search\n  system: system:default/elsewhere',
      ],
      ['description', `Search things.\n---\n${ADMIN_GROUP}`],
      ['name', `injected\n---\n${ADMIN_GROUP}`],
      [
        'pagerdutyServiceId',
        `P123\n    backstage.io/source-location: url:https://evil.example`,
      ],
    ])(
      'refuses %s carrying YAML with a 400 naming it',
      async (field, value) => {
        const fields = await refusedFields(
          bob,
          service({
            name: 'search-insights',
            owner: 'group:default/team-search',
            tenantMode: 'new',
            tenantName: 'search-insights',
            regions: ['us-east'],
            [field]: value,
          }),
        );
        expect(fields).toEqual([field]);
        await expectNothingOf('search-insights');
        await expectNothingOf('injected');
      },
    );

    it('refuses an annotation injected through existingTenant with a 400 naming it', async () => {
      const fields = await refusedFields(
        bob,
        service({
          name: 'search-insights',
          owner: 'group:default/team-search',
          tenantMode: 'existing',
          existingTenant:
            'resource:default/payments\n    backstage.io/source-location: url:https://evil.example',
          region: 'us-east',
        }),
      );
      expect(fields).toEqual(['existingTenant']);
    });

    it('publishes text that looks like YAML as text: one Component, bob still no admin', async () => {
      const finished = await run(
        bob,
        service({
          name: 'search-quoting',
          description: `bob's "service" --- kind: Group # {{ x }} \${{ parameters.owner }}`,
          owner: 'group:default/team-search',
          tenantMode: 'new',
          tenantName: 'search-quoting',
          regions: ['us-east'],
        }),
      );
      expect([finished.status, finished.failedSteps]).toEqual([
        'completed',
        [],
      ]);
      const entity = await waitForEntities(
        server,
        TOKEN,
        all => all.some(e => e.metadata.name === 'search-quoting'),
        { filter: 'kind=component', timeoutMs: 30_000 },
      );
      expect(
        entity.find(e => e.metadata.name === 'search-quoting')?.metadata
          .description,
      ).toBe(
        `bob's "service" --- kind: Group # {{ x }} \${{ parameters.owner }}`,
      );
      await expectBobNoAdmin();
    });
  });

  describe('3. an existing tenant must exist, be a tenant, and be the owner team’s', () => {
    it.each([
      [
        "team-payments' tenant",
        'resource:default/payments',
        "existingTenant: resource:default/payments is owned by group:default/team-payments, not by the service's owner group:default/team-search",
      ],
      [
        'a tenant that does not exist',
        'resource:default/nowhere',
        'existingTenant: resource:default/nowhere is not a bookstore-tenant Resource in the catalog',
      ],
      [
        'a Resource that is not a tenant',
        'resource:default/payments-db',
        'existingTenant: resource:default/payments-db is not a bookstore-tenant Resource in the catalog',
      ],
    ])(
      'fails the task at verify for %s',
      async (_, existingTenant, message) => {
        const finished = await run(
          bob,
          service({
            name: 'search-tenant',
            owner: 'group:default/team-search',
            tenantMode: 'existing',
            existingTenant,
            region: 'us-east',
          }),
        );
        expect([finished.status, finished.failedSteps]).toEqual([
          'failed',
          ['verify'],
        ]);
        expect(finished.log).toContain(message);
        await expectNothingOf('search-tenant');
      },
    );

    it.each([
      ['a component ref', 'component:default/payments-gateway'],
      [
        'a 60-character name (namespace of 73)',
        `resource:default/${'t'.repeat(60)}`,
      ],
    ])(
      'refuses %s with a 400 naming existingTenant',
      async (_, existingTenant) => {
        expect(
          await refusedFields(
            bob,
            service({
              name: 'search-tenant',
              owner: 'group:default/team-search',
              tenantMode: 'existing',
              existingTenant,
              region: 'ap-southeast',
            }),
          ),
        ).toEqual(['existingTenant']);
      },
    );

    it('refuses a new tenant name whose namespaces would not fit with a 400 naming tenantName', async () => {
      expect(
        await refusedFields(
          bob,
          service({
            name: 'search-tenant',
            owner: 'group:default/team-search',
            tenantMode: 'new',
            tenantName: 't'.repeat(51),
            regions: ['ap-southeast'],
          }),
        ),
      ).toEqual(['tenantName']);
    });
  });

  describe('5. a new service may not take an existing name', () => {
    it('fails the task at verify for payments-gateway, publishing nothing', async () => {
      const finished = await run(
        bob,
        service({
          name: 'payments-gateway',
          owner: 'group:default/team-search',
          tenantMode: 'new',
          tenantName: 'search-gateway',
          regions: ['us-east'],
        }),
      );
      expect([finished.status, finished.failedSteps]).toEqual([
        'failed',
        ['verify'],
      ]);
      expect(finished.log).toContain(
        'name: payments-gateway is taken; choose another name',
      );
      expect(existsSync(join(gitDir, 'payments-gateway.git'))).toBe(false);
      const entity = await as(server, TOKEN).get(
        '/api/catalog/entities/by-name/component/default/payments-gateway',
      );
      expect(entity.body.spec.owner).not.toContain('team-search');
    });
  });

  describe('6. a service and its tenant belong to one of the submitter’s teams', () => {
    it('fails bob’s service and tenant owned by team-payments at verify, naming owner', async () => {
      const finished = await run(
        bob,
        service({
          name: 'payments-refunds',
          owner: 'group:default/team-payments',
          tenantMode: 'new',
          tenantName: 'payments-refunds',
          regions: ['us-east'],
        }),
      );
      expect([finished.status, finished.failedSteps]).toEqual([
        'failed',
        ['verify'],
      ]);
      expect(finished.log).toContain(
        'owner: group:default/team-payments is not one of your teams (group:default/team-search, group:default/engineering, group:default/bookstore); only portal admins may name another team',
      );
      await expectNothingOf('payments-refunds');
      await expectBobNoAdmin();
    });

    it('lets alice create a service of her team in her team’s tenant', async () => {
      const finished = await run(
        alice,
        service({
          name: 'payments-ledger',
          owner: 'group:default/team-payments',
          tenantMode: 'existing',
          existingTenant: 'resource:default/payments',
          region: 'eu-west',
        }),
      );
      expect([finished.status, finished.failedSteps]).toEqual([
        'completed',
        [],
      ]);
      expect(existsSync(join(gitDir, 'payments-ledger.git'))).toBe(true);
    });

    it('lets carol, an admin, create a service of team-search in team-payments’ tenant', async () => {
      const finished = await run(
        carol,
        service({
          name: 'search-ledger',
          owner: 'group:default/team-search',
          tenantMode: 'existing',
          existingTenant: 'resource:default/payments',
          region: 'us-east',
        }),
      );
      expect([finished.status, finished.failedSteps]).toEqual([
        'completed',
        [],
      ]);
      expect(existsSync(join(gitDir, 'search-ledger.git'))).toBe(true);
    });
  });
});
