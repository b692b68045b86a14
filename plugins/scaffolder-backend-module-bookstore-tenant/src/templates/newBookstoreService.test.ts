import { ComponentEntityV1alpha1, Entity } from '@backstage/catalog-model';
import {
  TENANT_REGIONS,
  TENANT_TIERS,
  validateTenantClaim,
} from '@internal/plugin-bookstore-tenant-common';
import {
  FakeKubernetesApi,
  startFakeKubernetesApi,
} from '@internal/plugin-bookstore-tenant-node/testUtils';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { parse, stringify } from 'yaml';
import {
  guestSignInForTests,
  loadPortalConfig,
  oauth2ProxySignInForTests,
  signInAs,
  signInAsGuest,
  startPortalBackend,
  waitForEntities,
} from '../__testUtils__/portal';
import { validateComponent } from '../__testUtils__/catalogEntity';

/**
 * The new-bookstore-service golden path, run end to end by the portal's real
 * backend in the local configuration: submitted by alice (team-payments) signed
 * in through oauth2Proxy, its tenant claim and Argo CD Application committed to
 * the local GitOps repository (`<git dir>/platform-gitops.git`, merged into
 * main), published to a bare git repository in a temporary directory and
 * registered in the catalog. Prints the time from submit to completed task.
 */

jest.setTimeout(240_000);

const TEMPLATE_REF = 'template:default/new-bookstore-service';

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter(path => !path.startsWith('.git/') && path !== '.git')
    .filter(path => statSync(join(dir, path)).isFile())
    .sort();
}

/** A service of team-payments in its existing tenant, payments, in eu-west. */
const inPaymentsTenant = {
  owner: 'group:default/team-payments',
  system: 'system:default/bookstore-platform',
  port: 8080,
  tenantMode: 'existing',
  existingTenant: 'resource:default/payments',
  region: 'eu-west',
};

interface Task {
  id: string;
  status: string;
}

interface TaskEvent {
  type: string;
  body: { message: string; output?: any };
}

describe('the new-bookstore-service golden path in the local portal', () => {
  let backend: Awaited<ReturnType<typeof startPortalBackend>>;
  let cluster: FakeKubernetesApi;
  let token: string;
  const root = mkdtempSync(join(tmpdir(), 'golden-path-'));
  const gitDir = join(root, 'git');
  // bookstore.gitops' default locally: a bare repository next to the published ones.
  const gitopsRepo = join(gitDir, 'platform-gitops.git');
  // Team-payments' tenant, as the Crossplane catalog provider would make it from a cluster.
  const tenantsFile = join(root, 'tenants.yaml');

  beforeAll(async () => {
    cluster = await startFakeKubernetesApi({ token: 'us-east-token' });
    process.env.BOOKSTORE_LOCAL_GIT_DIR = gitDir;
    writeFileSync(
      tenantsFile,
      stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: 'payments', title: 'Payments' },
        spec: {
          type: 'bookstore-tenant',
          owner: 'group:default/team-payments',
        },
      }),
    );
    const config = await loadPortalConfig(
      ['app-config.yaml'],
      [
        guestSignInForTests,
        oauth2ProxySignInForTests,
        {
          // A cluster for us-east, as production would have: gitops must not touch it.
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'us-east-1',
                    url: cluster.url,
                    authProvider: 'serviceAccount',
                    serviceAccountToken: 'us-east-token',
                  },
                ],
              },
            ],
          },
          bookstore: {
            tenants: { regions: { 'us-east': { cluster: 'us-east-1' } } },
            // A Grafana and an Argo CD, as production has: the new service links both.
            grafana: { baseUrl: 'https://grafana.bookstore.example/' },
            argocd: { baseUrl: 'https://argocd.bookstore.example' },
          },
        },
      ],
    );
    (config.catalog as { locations: object[] }).locations.push({
      type: 'file',
      target: tenantsFile,
      rules: [{ allow: ['Resource'] }],
    });
    backend = await startPortalBackend(config);
    await waitForEntities(
      backend.server,
      await signInAsGuest(backend.server),
      entities =>
        [
          'user:alice',
          'template:new-bookstore-service',
          'group:team-payments',
          'resource:payments',
        ].every(ref =>
          entities.some(
            e => `${e.kind}:${e.metadata.name}`.toLowerCase() === ref,
          ),
        ),
    );
    token = (await signInAs(backend.server, 'alice')).token;
  });

  afterAll(async () => {
    await backend?.stop();
    await cluster?.close();
    delete process.env.BOOKSTORE_LOCAL_GIT_DIR;
    rmSync(root, { recursive: true, force: true });
  });

  /** Submits a task and waits until it ends: its status, event messages and output. */
  async function settle(values: Record<string, unknown>) {
    const submitted = Date.now();
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', `Bearer ${token}`)
      .send({ templateRef: TEMPLATE_REF, values });
    expect(created.status).toBe(201);
    const taskId: string = created.body.id;
    let task: Task;
    for (;;) {
      const response = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${taskId}`)
        .set('Authorization', `Bearer ${token}`);
      task = response.body;
      if (['completed', 'failed', 'cancelled'].includes(task.status)) {
        break;
      }
      await new Promise(r => setTimeout(r, 50));
    }
    const elapsedMs = Date.now() - submitted;
    const events: TaskEvent[] = (
      await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
        .set('Authorization', `Bearer ${token}`)
    ).body;
    const messages = events.map(e => e.body.message).join('\n');
    const output = events.find(e => e.type === 'completion')?.body.output;
    return { status: task.status, messages, output, elapsedMs };
  }

  /** Runs a task that must complete. */
  async function run(values: Record<string, unknown>) {
    const { status, messages, output, elapsedMs } = await settle(values);
    if (status !== 'completed') {
      throw new Error(`task ${status}:\n${messages}`);
    }
    return { output, elapsedMs };
  }

  const gitEnv = {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Platform Team',
    GIT_AUTHOR_EMAIL: 'platform@bookstore.example',
    GIT_COMMITTER_NAME: 'Platform Team',
    GIT_COMMITTER_EMAIL: 'platform@bookstore.example',
  };

  function git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd, encoding: 'utf8', env: gitEnv });
  }

  function clone(repo: string): string {
    const dir = join(mkdtempSync(join(root, 'clone-')), repo);
    git(root, 'clone', '-q', join(gitDir, `${repo}.git`), dir);
    return dir;
  }

  /** A file on main of the local GitOps repository. */
  function gitopsFile(path: string): string {
    return git(gitopsRepo, 'show', `main:${path}`);
  }

  /** Another team's commit on main of the local GitOps repository (created when missing). */
  function commitToGitops(files: Record<string, string>) {
    if (!existsSync(gitopsRepo)) {
      git(root, 'init', '-q', '--bare', '-b', 'main', gitopsRepo);
    }
    const work = mkdtempSync(join(root, 'gitops-'));
    git(root, 'clone', '-q', gitopsRepo, work);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(work, path)), { recursive: true });
      writeFileSync(join(work, path), content);
    }
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', 'Another team');
    git(work, 'push', '-q', 'origin', 'HEAD:main');
  }

  /** A task that fails before publishing: its messages. */
  async function failBeforePublishing(values: Record<string, unknown>) {
    const { status, messages } = await settle(values);
    expect(status).toBe('failed');
    expect(existsSync(join(gitDir, `${values.name}.git`))).toBe(false);
    expect(existsSync(join(gitDir, String(values.name)))).toBe(false);
    return messages;
  }

  it('offers exactly the tiers and regions of the BookstoreTenant XRD', async () => {
    const response = await request(backend.server)
      .get(
        '/api/catalog/entities/by-name/template/default/new-bookstore-service',
      )
      .set('Authorization', `Bearer ${token}`);
    const tenantPage = response.body.spec.parameters[1];
    const [newTenant] = tenantPage.dependencies.tenantMode.oneOf;
    // The constraints the scaffolder checks the fields with (the form merges them in).
    expect(tenantPage.else.properties.tier.enum).toEqual([...TENANT_TIERS]);
    expect(tenantPage.else.properties.regions.items.enum).toEqual([
      ...TENANT_REGIONS,
    ]);
    expect(tenantPage.then.properties.region.enum).toEqual([...TENANT_REGIONS]);
    // The form's labels of the tiers, one per tier.
    expect(newTenant.properties.tier.enumNames).toHaveLength(
      TENANT_TIERS.length,
    );
  });

  it('creates the service with a new tenant, publishes it and registers it', async () => {
    const { output, elapsedMs } = await run({
      name: 'notifications',
      description: 'Sends order and shipping notifications.',
      owner: 'group:default/team-payments',
      system: 'system:default/bookstore-platform',
      port: 8081,
      needsDatabase: true,
      pagerdutyServiceId: 'P7NOTIF',
      tenantMode: 'new',
      tenantName: 'acme-books',
      tenantDisplayName: 'Acme Books',
      tier: 'standard',
      regions: ['us-east', 'eu-west'],
    });
    // The closing note of the issue: submit to completed task in local mode.
    // eslint-disable-next-line no-console
    console.log(
      `new-bookstore-service, local mode: submit -> completed in ${elapsedMs} ms`,
    );

    const remoteUrl = `file://${join(gitDir, 'notifications.git')}`;
    expect(output.links).toEqual([
      {
        title: 'GitOps repository (branch notifications)',
        url: `file://${gitopsRepo}`,
      },
      { title: 'Repository', url: remoteUrl },
      {
        title: 'Open in catalog',
        icon: 'catalog',
        entityRef: 'component:default/notifications',
      },
    ]);

    const repo = clone('notifications');
    expect(filesUnder(repo)).toEqual([
      '.dockerignore',
      '.github/workflows/ci.yaml',
      '.gitignore',
      '.pre-commit-config.yaml',
      'Dockerfile',
      'README.md',
      'catalog-info.yaml',
      'chart/Chart.yaml',
      'chart/templates/_helpers.tpl',
      'chart/templates/dashboard.yaml',
      'chart/templates/deployment.yaml',
      'chart/templates/prometheusrule.yaml',
      'chart/templates/service.yaml',
      'chart/templates/servicemonitor.yaml',
      'chart/values.yaml',
      'docs/index.md',
      'docs/runbook.md',
      'go.mod',
      'main.go',
      'main_test.go',
      'metrics.go',
      'mkdocs.yml',
    ]);
    expect(
      execFileSync('git', ['log', '-1', '--format=%an|%s'], {
        cwd: repo,
        encoding: 'utf8',
      }).trim(),
    ).toBe('Alice Anders|Initial commit: notifications service');

    const entity = parse(
      readFileSync(join(repo, 'catalog-info.yaml'), 'utf8'),
    ) as ComponentEntityV1alpha1;
    await expect(validateComponent(entity)).resolves.toBeUndefined();
    expect(entity.metadata).toMatchObject({
      name: 'notifications',
      description: 'Sends order and shipping notifications.',
      annotations: {
        'github.com/project-slug': 'bookstore-platform/notifications',
        'backstage.io/techdocs-ref': 'dir:.',
        'argocd/app-name': 'bookstore-notifications-us-east',
        'backstage.io/kubernetes-id': 'notifications',
        'prometheus.io/rule': 'notifications.rules',
        'grafana/overview-dashboard':
          'https://grafana.bookstore.example/d/notifications/notifications',
        'pagerduty.com/service-id': 'P7NOTIF',
        'platform.bookstore.io/tenant': 'acme-books',
      },
      links: [
        {
          url: 'https://argocd.bookstore.example/applications/argocd/bookstore-notifications-us-east',
          title: 'Argo CD (us-east)',
          icon: 'cloud',
          type: 'deployment',
        },
      ],
    });
    // The dashboard the annotation links is the one the chart ships, and the docs link it.
    expect(
      parse(readFileSync(join(repo, 'chart/values.yaml'), 'utf8')).dashboard,
    ).toMatchObject({ enabled: true, uid: 'notifications' });
    expect(readFileSync(join(repo, 'docs/runbook.md'), 'utf8')).toContain(
      '<https://grafana.bookstore.example/d/notifications/notifications>',
    );
    expect(entity.spec).toEqual({
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/team-payments',
      system: 'system:default/bookstore-platform',
      dependsOn: ['resource:cnpg-postgres'],
    });

    // The GitOps change, merged into main of the local GitOps repository: the new tenant's
    // claim and the Application, nothing else.
    expect(git(gitopsRepo, 'diff', '--name-only', 'main^', 'main').trim()).toBe(
      'apps/notifications-us-east.yaml\ntenants/acme-books.yaml',
    );
    expect(git(gitopsRepo, 'log', '-1', '--format=%s', 'main').trim()).toMatch(
      /Add service notifications to tenant acme-books \(us-east\)$/,
    );
    const claim = parse(gitopsFile('tenants/acme-books.yaml'));
    expect(validateTenantClaim(claim)).toEqual([]);
    expect(claim.metadata).toEqual({
      name: 'acme-books',
      namespace: 'bookstore-tenants',
      labels: { 'platform.bookstore.io/team': 'team-payments' },
    });
    expect(claim.spec.parameters).toEqual({
      owner: 'team-payments',
      displayName: 'Acme Books',
      tier: 'standard',
      regions: ['us-east', 'eu-west'],
    });

    const application = parse(gitopsFile('apps/notifications-us-east.yaml'));
    // The fields Argo CD requires of an Application, deploying the published chart.
    expect(application).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'bookstore-notifications-us-east',
        namespace: 'argocd',
      },
      spec: {
        project: 'default',
        source: {
          repoURL: remoteUrl,
          targetRevision: 'main',
          path: 'chart',
        },
        destination: { name: 'us-east', namespace: 'acme-books-us-east' },
      },
    });
    expect(parse(readFileSync(join(repo, 'mkdocs.yml'), 'utf8'))).toMatchObject(
      {
        site_name: 'notifications',
        nav: [{ Overview: 'index.md' }, { Runbook: 'runbook.md' }],
        theme: { name: 'material', font: false },
        plugins: [],
      },
    );
    // The published docs build as the repository's CI builds them, and render offline.
    const site = join(repo, 'strict-site');
    execFileSync('mkdocs', ['build', '--strict', '--site-dir', site], {
      cwd: repo,
      stdio: 'pipe',
    });
    expect(readFileSync(join(site, 'index.html'), 'utf8')).not.toMatch(
      /fonts\.(googleapis|gstatic)\.com/,
    );
    expect(
      parse(readFileSync(join(repo, 'chart/values.yaml'), 'utf8')),
    ).toMatchObject({
      port: 8081,
      database: { enabled: true, secretName: 'notifications-database' },
    });
    expect(readFileSync(join(repo, 'main.go'), 'utf8')).toContain(
      'const serviceName = "notifications"',
    );
    const workflow = readFileSync(
      join(repo, '.github/workflows/ci.yaml'),
      'utf8',
    );
    expect(workflow).toContain('${{ github.sha }}');
    // Its docs job builds the TechDocs on every change and publishes them from main.
    const docsSteps: Array<{ run?: string; if?: string }> =
      parse(workflow).jobs.docs.steps;
    expect(
      docsSteps.filter(step => step.run?.includes('@techdocs/cli@1')),
    ).toEqual([
      expect.objectContaining({ run: expect.stringContaining('generate') }),
      expect.objectContaining({
        run: expect.stringContaining('publish --publisher-type awsS3'),
        if: "github.event_name == 'push'",
      }),
    ]);

    // The catalog shows the new component, read from the published working copy.
    const [component] = (
      await waitForEntities(
        backend.server,
        token,
        entities => entities.some(e => e.metadata.name === 'notifications'),
        { filter: 'kind=component', timeoutMs: 30_000 },
      )
    ).filter((e: Entity) => e.metadata.name === 'notifications');
    expect(component.spec?.owner).toBe('group:default/team-payments');
    expect(
      component.metadata.annotations?.['backstage.io/managed-by-location'],
    ).toBe(`file:${join(gitDir, 'notifications', 'catalog-info.yaml')}`);

    // gitops: no cluster was contacted.
    expect(cluster.requests).toEqual([]);
  });

  it('creates a service in an existing tenant without a claim', async () => {
    const { output } = await run({ ...inPaymentsTenant, name: 'gift-cards' });
    expect(output.links[0]).toEqual({
      title: 'GitOps repository (branch gift-cards)',
      url: `file://${gitopsRepo}`,
    });
    // The GitOps change is the Application only.
    expect(git(gitopsRepo, 'diff', '--name-only', 'main^', 'main').trim()).toBe(
      'apps/gift-cards-eu-west.yaml',
    );
    expect(parse(gitopsFile('apps/gift-cards-eu-west.yaml'))).toMatchObject({
      metadata: { name: 'bookstore-gift-cards-eu-west' },
      spec: { destination: { name: 'eu-west', namespace: 'payments-eu-west' } },
    });
    const repo = clone('gift-cards');
    const files = filesUnder(repo);
    expect(files.filter(f => /^(deploy|gitops)\//.test(f))).toEqual([]);
    const entity = parse(readFileSync(join(repo, 'catalog-info.yaml'), 'utf8'));
    expect(entity.metadata.annotations).toMatchObject({
      'argocd/app-name': 'bookstore-gift-cards-eu-west',
      'grafana/overview-dashboard':
        'https://grafana.bookstore.example/d/gift-cards/gift-cards',
      'platform.bookstore.io/tenant': 'payments',
    });
    expect(entity.metadata.links).toEqual([
      expect.objectContaining({
        url: 'https://argocd.bookstore.example/applications/argocd/bookstore-gift-cards-eu-west',
        title: 'Argo CD (eu-west)',
      }),
    ]);
    expect(entity.metadata.annotations).not.toHaveProperty(
      'pagerduty.com/service-id',
    );
    expect(entity.spec).not.toHaveProperty('dependsOn');
    expect(entity.metadata.description).toBe(
      'The gift-cards service of the bookstore platform.',
    );
  });

  it('refuses a new tenant another team claimed in the GitOps repository, publishing nothing', async () => {
    commitToGitops({
      'tenants/search-books.yaml': stringify({
        apiVersion: 'platform.bookstore.io/v1alpha1',
        kind: 'BookstoreTenant',
        metadata: {
          name: 'search-books',
          namespace: 'bookstore-tenants',
          labels: { 'platform.bookstore.io/team': 'team-search' },
        },
        spec: {
          parameters: {
            owner: 'team-search',
            tier: 'starter',
            regions: ['us-east'],
          },
        },
      }),
    });
    const main = git(gitopsRepo, 'rev-parse', 'main');
    const messages = await failBeforePublishing({
      name: 'book-search',
      owner: 'group:default/team-payments',
      system: 'system:default/bookstore-platform',
      port: 8080,
      tenantMode: 'new',
      tenantName: 'search-books',
      regions: ['us-east'],
    });
    expect(messages).toContain(
      `tenant: search-books is claimed in the GitOps repository ${gitopsRepo} (main) by team team-search, not team-payments: tenants/search-books.yaml; choose another tenant`,
    );
    expect(git(gitopsRepo, 'rev-parse', 'main')).toBe(main);
  });

  it("fails with the reason of the GitOps repository's hook that rejects the push, publishing nothing", async () => {
    const hook = join(gitopsRepo, 'hooks', 'pre-receive');
    writeFileSync(
      hook,
      '#!/bin/sh\necho "platform-gitops is frozen for the release" >&2\nexit 1\n',
    );
    chmodSync(hook, 0o755);
    try {
      const messages = await failBeforePublishing({
        ...inPaymentsTenant,
        name: 'wishlists',
      });
      expect(messages).toMatch(
        new RegExp(
          `The GitOps repository ${gitopsRepo} rejected the push to branch wishlists: .*platform-gitops is frozen for the release`,
          's',
        ),
      );
    } finally {
      rmSync(hook);
    }
    expect(git(gitopsRepo, 'branch', '--list', 'wishlists')).toBe('');
  });

  it('refuses a name that is taken before publishing anything', async () => {
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', `Bearer ${token}`)
      .send({
        templateRef: TEMPLATE_REF,
        values: {
          name: 'notifications',
          owner: 'group:default/team-payments',
          system: 'system:default/bookstore-platform',
          port: 8080,
          tenantMode: 'existing',
          existingTenant: 'payments',
          region: 'us-east',
        },
      });
    let status = 'open';
    while (!['completed', 'failed'].includes(status)) {
      await new Promise(r => setTimeout(r, 50));
      status = (
        await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('Authorization', `Bearer ${token}`)
      ).body.status;
    }
    expect(status).toBe('failed');
    const events = await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
      .set('Authorization', `Bearer ${token}`);
    expect(
      events.body
        .map((e: { body: { message: string } }) => e.body.message)
        .join('\n'),
    ).toContain('name: notifications is taken; choose another name');
    // The first service is untouched.
    const repo = clone('notifications');
    expect(
      parse(readFileSync(join(repo, 'catalog-info.yaml'), 'utf8')).spec.owner,
    ).toBe('group:default/team-payments');
  });

  it('lets one of two concurrent submissions of a name win, the other fail with our conflict message', async () => {
    const values = { ...inPaymentsTenant, name: 'order-history' };
    const results = await Promise.all([
      settle({ ...values, description: 'The first order history.' }),
      settle({ ...values, description: 'The second order history.' }),
    ]);
    const statuses = results.map(r => r.status).sort();
    expect(statuses).toEqual(['completed', 'failed']);
    const loser = results.find(r => r.status === 'failed')!;
    expect(loser.messages).toMatch(
      /repoName: the repository order-history (already exists|was published)|name: order-history is taken/,
    );
    expect(loser.messages).not.toMatch(/rejected|fatal:|hint:|Command failed/);
    const winner = results.find(r => r.status === 'completed')!;
    const repo = clone('order-history');
    expect(
      parse(readFileSync(join(repo, 'catalog-info.yaml'), 'utf8')).metadata
        .description,
    ).toBe(
      winner === results[0]
        ? 'The first order history.'
        : 'The second order history.',
    );
  });
});
