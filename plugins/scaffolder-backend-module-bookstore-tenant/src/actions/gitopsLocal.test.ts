import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'yaml';
import { localPublishConfig } from '../__testUtils__/localPublishConfig';
import { readGitopsConfig } from '../lib/readGitopsConfig';
import { readTenantsConfig } from '../lib/readTenantsConfig';
import { renderClaim } from '../lib/renderClaim';
import { createGitopsLocalAction } from './gitopsLocal';

const tenants = readTenantsConfig(new ConfigReader({}));

function claimOf(tenant: string, owner: string) {
  return renderClaim(
    { name: tenant, owner, regions: ['eu-west'], tier: 'standard' },
    tenants,
  ).manifest;
}

function applicationOf(service: string, tenant: string, region: string) {
  return yaml.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: `bookstore-${service}-${region}`, namespace: 'argocd' },
    spec: {
      project: 'default',
      source: {
        repoURL: `file:///srv/git/${service}.git`,
        targetRevision: 'main',
        path: 'chart',
      },
      destination: { name: region, namespace: `${tenant}-${region}` },
    },
  });
}

function gitIn(cwd: string, ...args: string[]) {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

// Each test runs git a few dozen times; the concurrent one holds pushes a second each (CI is loaded).
jest.setTimeout(60_000);

describe('bookstore:gitops:local', () => {
  let root: string;
  let workspacePath: string;
  let repository: string;

  function actionWith(gitops: object = {}) {
    return createGitopsLocalAction({
      gitops: readGitopsConfig(
        new ConfigReader({ bookstore: { gitops } }),
        localPublishConfig(join(root, 'git')),
      ),
      tenants,
      config: new ConfigReader({}),
    });
  }

  async function submit(
    input: {
      service: string;
      owner: string;
      tenant: string;
      newTenant: boolean;
    },
    options: { gitops?: object; isDryRun?: boolean; signal?: AbortSignal } = {},
  ) {
    await mkdir(join(workspacePath, 'gitops'), { recursive: true });
    if (input.newTenant) {
      await writeFile(
        join(workspacePath, 'gitops/tenant.yaml'),
        claimOf(input.tenant, input.owner),
      );
    }
    await writeFile(
      join(workspacePath, 'gitops/application.yaml'),
      applicationOf(input.service, input.tenant, 'eu-west'),
    );
    const ctx = {
      ...createMockActionContext({
        input: {
          ...input,
          region: 'eu-west',
          claimPath: input.newTenant ? 'gitops/tenant.yaml' : undefined,
          applicationPath: 'gitops/application.yaml',
        },
        workspacePath,
      }),
      // createMockActionContext takes neither of these.
      isDryRun: options.isDryRun,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    await actionWith(options.gitops).handler(ctx);
    return ctx;
  }

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'gitops-local-'));
    workspacePath = join(root, 'ws');
    repository = join(root, 'git', 'platform-gitops.git');
    await mkdir(workspacePath);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the repository and merges the claim and the Application into main', async () => {
    const ctx = await submit({
      service: 'orders',
      owner: 'team-payments',
      tenant: 'payments',
      newTenant: true,
    });
    expect(gitIn(repository, 'ls-tree', '-r', '--name-only', 'main')).toBe(
      'apps/orders-eu-west.yaml\ntenants/payments.yaml',
    );
    expect(gitIn(repository, 'show', 'main:tenants/payments.yaml')).toBe(
      claimOf('payments', 'team-payments').trimEnd(),
    );
    const commit = gitIn(repository, 'rev-parse', 'orders');
    expect(gitIn(repository, 'rev-parse', 'main')).toBe(commit);
    expect(gitIn(repository, 'log', '-1', '--format=%s', 'main')).toBe(
      'Add service orders to tenant payments (eu-west)',
    );
    expect(ctx.output).toHaveBeenCalledWith('branch', 'orders');
    expect(ctx.output).toHaveBeenCalledWith('commit', commit);
    expect(ctx.output).toHaveBeenCalledWith('mergedCommit', commit);
    expect(ctx.output).toHaveBeenCalledWith('repository', repository);
  });

  it('is a no-op when run again, and adds a service to an existing tenant', async () => {
    const input = {
      service: 'orders',
      owner: 'team-payments',
      tenant: 'payments',
      newTenant: true,
    };
    await submit(input);
    const first = gitIn(repository, 'rev-parse', 'main');
    await submit(input);
    expect(gitIn(repository, 'rev-parse', 'main')).toBe(first);

    await submit({
      service: 'invoices',
      owner: 'group:default/team-payments',
      tenant: 'payments',
      newTenant: false,
    });
    expect(gitIn(repository, 'ls-tree', '-r', '--name-only', 'main')).toBe(
      'apps/invoices-eu-west.yaml\napps/orders-eu-west.yaml\ntenants/payments.yaml',
    );
    expect(gitIn(repository, 'rev-parse', 'main^')).toBe(first);
  });

  it('ends concurrent submissions of one change with it merged once, and none failing on a raced push', async () => {
    await submit({
      service: 'invoices',
      owner: 'team-payments',
      tenant: 'payments',
      newTenant: true,
    });
    // Every push waits a second before the refs are updated: the submissions all fetch
    // before any branch exists, and all but the first find `orders` taken when they push.
    const hook = join(repository, 'hooks', 'pre-receive');
    await writeFile(hook, '#!/bin/sh\ncat >/dev/null\nsleep 1\n');
    await chmod(hook, 0o755);
    const input = {
      service: 'orders',
      owner: 'team-payments',
      tenant: 'payments',
      newTenant: false,
    };
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => submit(input)),
    );
    expect(
      results.map(r => (r.status === 'rejected' ? `${r.reason}` : r.status)),
    ).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(gitIn(repository, 'ls-tree', '-r', '--name-only', 'main')).toBe(
      'apps/invoices-eu-west.yaml\napps/orders-eu-west.yaml\ntenants/payments.yaml',
    );
    expect(
      gitIn(
        repository,
        'log',
        '--format=%s',
        'main',
        '--',
        'apps/orders-eu-west.yaml',
      ),
    ).toBe('Add service orders to tenant payments (eu-west)');
  });

  it('refuses a tenant claimed by another team and a new tenant whose claim exists', async () => {
    await submit({
      service: 'orders',
      owner: 'team-payments',
      tenant: 'payments',
      newTenant: true,
    });
    const main = gitIn(repository, 'rev-parse', 'main');
    await expect(
      submit({
        service: 'search',
        owner: 'team-search',
        tenant: 'payments',
        newTenant: false,
      }),
    ).rejects.toThrow(
      `tenant: payments is claimed in the GitOps repository ${repository} (main) by team team-payments, not team-search: tenants/payments.yaml; choose another tenant`,
    );
    await writeFile(
      join(workspacePath, 'other.yaml'),
      claimOf('payments', 'team-payments').replace('standard', 'premium'),
    );
    const ctx = createMockActionContext({
      input: {
        service: 'refunds',
        owner: 'team-payments',
        tenant: 'payments',
        region: 'eu-west',
        newTenant: true,
        claimPath: 'other.yaml',
        applicationPath: 'gitops/application.yaml',
      },
      workspacePath,
    });
    await writeFile(
      join(workspacePath, 'gitops/application.yaml'),
      applicationOf('refunds', 'payments', 'eu-west'),
    );
    await expect(actionWith().handler(ctx)).rejects.toThrow(
      `tenantName: the new tenant payments already has a claim in the GitOps repository ${repository} (main): tenants/payments.yaml; choose another name, or the existing tenant`,
    );
    expect(gitIn(repository, 'rev-parse', 'main')).toBe(main);
    expect(gitIn(repository, 'branch', '--list')).toBe('* main\n  orders');
  });

  it('names the repository and branch when a hook rejects the push', async () => {
    await submit({
      service: 'orders',
      owner: 'team-payments',
      tenant: 'payments',
      newTenant: true,
    });
    const hook = join(repository, 'hooks', 'pre-receive');
    await writeFile(
      hook,
      '#!/bin/sh\necho "main is protected: open a pull request" >&2\nexit 1\n',
    );
    await chmod(hook, 0o755);
    await expect(
      submit({
        service: 'invoices',
        owner: 'team-payments',
        tenant: 'payments',
        newTenant: false,
      }),
    ).rejects.toThrow(
      new RegExp(
        `^The GitOps repository ${repository} rejected the push to branch invoices: .*main is protected: open a pull request`,
        's',
      ),
    );
  });

  it('pushes the branch only without autoMerge', async () => {
    const ctx = await submit(
      {
        service: 'orders',
        owner: 'team-payments',
        tenant: 'payments',
        newTenant: true,
      },
      { gitops: { autoMerge: false } },
    );
    expect(gitIn(repository, 'ls-tree', '-r', '--name-only', 'main')).toBe('');
    expect(gitIn(repository, 'ls-tree', '-r', '--name-only', 'orders')).toBe(
      'apps/orders-eu-west.yaml\ntenants/payments.yaml',
    );
    expect(ctx.output).not.toHaveBeenCalledWith(
      'mergedCommit',
      expect.anything(),
    );
  });

  it('writes nothing in a dry run or once the task is cancelled', async () => {
    const input = {
      service: 'orders',
      owner: 'team-payments',
      tenant: 'payments',
      newTenant: true,
    };
    await submit(input, { isDryRun: true });
    await expect(
      submit(input, { signal: AbortSignal.abort() }),
    ).rejects.toThrow(
      'The task was cancelled; nothing was written to the GitOps repository',
    );
    expect(existsSync(join(root, 'git'))).toBe(false);
  });

  it('refuses bad input naming the field', async () => {
    await expect(
      submit({
        service: 'Orders!',
        owner: 'team-payments',
        tenant: 'payments',
        newTenant: true,
      }),
    ).rejects.toThrow(/^service: 'Orders!' must be a DNS-1123 label/);
    await writeFile(
      join(workspacePath, 'gitops/tenant.yaml'),
      claimOf('payments', 'team-search'),
    );
    const ctx = createMockActionContext({
      input: {
        service: 'orders',
        owner: 'team-payments',
        tenant: 'payments',
        region: 'eu-west',
        newTenant: true,
        claimPath: 'gitops/tenant.yaml',
        applicationPath: '../outside.yaml',
      },
      workspacePath,
    });
    await expect(actionWith().handler(ctx)).rejects.toThrow(
      "claimPath: the claim's platform.bookstore.io/team is team-search, not the owner team-payments",
    );
  });
});
