import { tmpdir } from 'node:os';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { InputError } from '@backstage/errors';
import { GitopsConfig, readGitopsConfig } from '../lib/readGitopsConfig';
import { PublishConfig } from '../lib/readPublishConfig';
import { readServiceLinksConfig } from '../lib/readServiceLinksConfig';
import { createPublishPlanAction } from './publishPlan';
import { localPublishConfig } from '../__testUtils__/localPublishConfig';
import { TaskCancelledError } from '../lib/taskCancellation';

const github: PublishConfig = {
  target: 'github',
  github: { host: 'github.com', owner: 'bookstore-platform' },
};
const local = localPublishConfig('/srv/git');

async function plan(
  publish: PublishConfig,
  repoName: string,
  gitopsInput: { tenant?: string; region?: string } = {},
  gitops?: GitopsConfig,
) {
  const ctx = createMockActionContext({
    workspacePath: tmpdir(),
    input: { repoName, ...gitopsInput },
  });
  await createPublishPlanAction({ publish, gitops }).handler(ctx);
  return Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls as [string, unknown][],
  );
}

describe('bookstore:publish:plan', () => {
  it('plans a GitHub repository', async () => {
    expect(await plan(github, 'notifications')).toEqual({
      target: 'github',
      repoName: 'notifications',
      projectSlug: 'bookstore-platform/notifications',
      githubRepoUrl: 'github.com?owner=bookstore-platform&repo=notifications',
      cloneUrl: 'https://github.com/bookstore-platform/notifications.git',
      dashboardUid: 'notifications',
    });
  });

  it('plans a local repository', async () => {
    expect(await plan(local, 'notifications')).toEqual({
      target: 'local',
      repoName: 'notifications',
      projectSlug: 'bookstore-platform/notifications',
      githubRepoUrl: 'github.com?owner=bookstore-platform&repo=notifications',
      cloneUrl: 'file:///srv/git/notifications.git',
      dashboardUid: 'notifications',
    });
  });

  it("plans the service's dashboard and Argo CD links from bookstore.grafana and bookstore.argocd", async () => {
    const ctx = createMockActionContext({
      workspacePath: tmpdir(),
      input: {
        repoName: 'notifications',
        tenant: 'acme-books',
        region: 'eu-west',
      },
    });
    await createPublishPlanAction({
      publish: github,
      gitops: readGitopsConfig(
        new ConfigReader({
          bookstore: {
            gitops: { repository: 'https://github.com/platform/gitops' },
          },
        }),
        github,
      ),
      links: readServiceLinksConfig(
        new ConfigReader({
          bookstore: {
            grafana: { baseUrl: 'https://grafana.bookstore.example' },
            argocd: { baseUrl: 'https://argocd.bookstore.example/' },
          },
        }),
      ),
    }).handler(ctx);
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls as [string, unknown][],
    );
    expect(outputs).toMatchObject({
      dashboardUid: 'notifications',
      dashboardUrl:
        'https://grafana.bookstore.example/d/notifications/notifications',
      argocdUrl:
        'https://argocd.bookstore.example/applications/argocd/bookstore-notifications-eu-west',
    });
  });

  it('plans no links without bookstore.grafana and bookstore.argocd', async () => {
    const outputs = await plan(
      local,
      'gift-cards',
      { tenant: 'payments', region: 'eu-west' },
      readGitopsConfig(new ConfigReader({}), local),
    );
    expect(outputs.dashboardUid).toBe('gift-cards');
    expect(outputs).not.toHaveProperty('dashboardUrl');
    expect(outputs).not.toHaveProperty('argocdUrl');
  });

  it('plans the pull request to the GitOps repository on GitHub', async () => {
    const gitops = readGitopsConfig(
      new ConfigReader({
        bookstore: {
          gitops: {
            repository: 'https://ghe.bookstore.example/platform/gitops.git',
            baseBranch: 'production',
            tenantsDir: 'clusters/tenants',
            applicationsDir: 'clusters/apps',
            title: '{service} in {tenant}, {region}',
          },
        },
      }),
      github,
    );
    expect(
      await plan(
        github,
        'notifications',
        { tenant: 'acme-books', region: 'us-east' },
        gitops,
      ),
    ).toMatchObject({
      gitopsSourcePath: 'gitops',
      gitopsClaimPath: 'gitops/clusters/tenants/acme-books.yaml',
      gitopsApplicationPath: 'gitops/clusters/apps/notifications-us-east.yaml',
      gitopsRepoUrl: 'ghe.bookstore.example?owner=platform&repo=gitops',
      gitopsBaseBranch: 'production',
      gitopsBranch: 'notifications',
      gitopsTitle: 'notifications in acme-books, us-east',
    });
  });

  it('plans the change to the local GitOps repository', async () => {
    const outputs = await plan(
      local,
      'gift-cards',
      { tenant: 'payments', region: 'eu-west' },
      readGitopsConfig(new ConfigReader({}), local),
    );
    expect(outputs).toMatchObject({
      gitopsSourcePath: 'gitops',
      gitopsClaimPath: 'gitops/tenants/payments.yaml',
      gitopsApplicationPath: 'gitops/apps/gift-cards-eu-west.yaml',
      gitopsBaseBranch: 'main',
      gitopsBranch: 'gift-cards',
      gitopsTitle: 'Add service gift-cards to tenant payments (eu-west)',
    });
    expect(outputs).not.toHaveProperty('gitopsRepoUrl');
  });

  it('refuses a GitOps change without a GitOps repository, naming the key', async () => {
    await expect(
      plan(github, 'notifications', {
        tenant: 'acme-books',
        region: 'us-east',
      }),
    ).rejects.toThrow(
      new InputError(
        "tenant: this portal has no GitOps repository for the service's tenant claim and Argo CD Application (bookstore.gitops.repository is not set in app-config)",
      ),
    );
  });

  it.each([
    [
      { tenant: '../acme', region: 'us-east' },
      "tenant: '../acme' must be a DNS-1123 label",
    ],
    [{ tenant: 'acme-books' }, "region: '' must be a DNS-1123 label"],
  ])('refuses the GitOps input %j', async (input, message) => {
    await expect(
      plan(
        local,
        'notifications',
        input,
        readGitopsConfig(new ConfigReader({}), local),
      ),
    ).rejects.toThrow(message);
  });

  it.each(['Notifications', '../etc', 'a.git', '-x', 'a'.repeat(101)])(
    'refuses the repository name %s',
    async repoName => {
      await expect(plan(github, repoName)).rejects.toThrow(InputError);
      await expect(plan(github, repoName)).rejects.toThrow(
        `repoName: '${repoName}' is not a repository name`,
      );
    },
  );

  it('plans nothing in a cancelled task', async () => {
    const ctx = {
      ...createMockActionContext({
        workspacePath: tmpdir(),
        input: { repoName: 'notifications' },
      }),
      signal: AbortSignal.abort(),
    };
    await expect(
      createPublishPlanAction({ publish: local }).handler(ctx),
    ).rejects.toThrow(
      new TaskCancelledError(
        'The task was cancelled; the publish target was not planned',
      ),
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });
});
