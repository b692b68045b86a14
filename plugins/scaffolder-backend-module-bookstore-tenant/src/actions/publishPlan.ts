import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import {
  GITOPS_WORKSPACE_DIR,
  GitopsConfig,
  gitopsPaths,
  gitopsTitle,
  requireGitops,
} from '../lib/readGitopsConfig';
import { PublishConfig } from '../lib/readPublishConfig';
import {
  argocdUrlOf,
  dashboardUidOf,
  dashboardUrlOf,
  ServiceLinksConfig,
} from '../lib/readServiceLinksConfig';
import { checkLabel, checkRepoName } from '../lib/repoName';
import { examples } from './publishPlan.examples';
import {
  stepSignal,
  TaskCancellations,
  throwIfCancelled,
} from '../lib/taskCancellation';

/** The repoUrl input of the publish:github actions for an https repository URL. */
function githubRepoUrlOf(host: string, owner: string, repo: string): string {
  return `${host}?owner=${encodeURIComponent(owner)}&repo=${encodeURIComponent(
    repo,
  )}`;
}

/**
 * The `bookstore:publish:plan` action: where this portal publishes new
 * repositories (`bookstore.publish` in app-config) and, given the tenant and
 * region, where the service's GitOps change goes (`bookstore.gitops`), for
 * templates, which cannot read app-config, to switch their publish, GitOps
 * and register steps on with `if:` and to render the change into the
 * workspace laid out like the GitOps repository.
 */
export function createPublishPlanAction(options: {
  publish: PublishConfig;
  /** `bookstore.gitops`; undefined when the portal has no GitOps repository. */
  gitops?: GitopsConfig;
  /** `bookstore.grafana` and `bookstore.argocd`: the new service's links; none when missing. */
  links?: ServiceLinksConfig;
  /** Cancels sooner than `ctx.signal` (see TaskCancellations). */
  cancellations?: TaskCancellations;
}) {
  const { publish, gitops, links = {}, cancellations } = options;
  return createTemplateAction({
    id: 'bookstore:publish:plan',
    description:
      "Tells a template where this portal publishes new repositories (bookstore.publish.target: github or local) and the repository's URLs, so that the template's publish and register steps can switch on it, and the new service's Grafana dashboard and Argo CD Application URLs (bookstore.grafana, bookstore.argocd).",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z.string({
            description:
              'The repository name: lowercase letters, digits, ".", "_" and "-". The service, and the branch of its GitOps change.',
          }),
        tenant: z =>
          z
            .string({
              description:
                'The tenant the service runs in. With region: plan the GitOps change (the gitops* outputs).',
            })
            .optional(),
        region: z =>
          z
            .string({
              description:
                'The region the Argo CD Application deploys to. With tenant: plan the GitOps change.',
            })
            .optional(),
      },
      output: {
        target: z =>
          z.enum(['github', 'local'], {
            description:
              'github: use publish:github and catalog:register. local: use bookstore:publish:local and bookstore:catalog:register-local.',
          }),
        repoName: z => z.string({ description: 'The repository name.' }),
        projectSlug: z =>
          z.string({
            description:
              'owner/repo on GitHub, for the github.com/project-slug annotation.',
          }),
        githubRepoUrl: z =>
          z.string({
            description:
              'The repoUrl input of publish:github: <host>?owner=<owner>&repo=<repo>.',
          }),
        cloneUrl: z =>
          z.string({
            description:
              'Where the repository can be cloned from once published (e.g. for an Argo CD Application).',
          }),
        dashboardUid: z =>
          z.string({
            description:
              "The uid of the service's Grafana dashboard, which its chart ships: the repository name.",
          }),
        dashboardUrl: z =>
          z
            .string({
              description:
                "The URL of the service's Grafana dashboard (bookstore.grafana.baseUrl), for the grafana/overview-dashboard annotation; unset without a Grafana.",
            })
            .optional(),
        argocdUrl: z =>
          z
            .string({
              description:
                "With region: the URL of the service's Argo CD Application bookstore-<repoName>-<region> (bookstore.argocd.baseUrl); unset without an Argo CD.",
            })
            .optional(),
        gitopsSourcePath: z =>
          z
            .string({
              description: `The workspace directory laid out like the GitOps repository (${GITOPS_WORKSPACE_DIR}): the sourcePath of publish:github:pull-request; delete it before publishing the service.`,
            })
            .optional(),
        gitopsClaimPath: z =>
          z
            .string({
              description:
                "Where to render a new tenant's claim in the workspace: gitops/<bookstore.gitops.tenantsDir>/<tenant>.yaml.",
            })
            .optional(),
        gitopsApplicationPath: z =>
          z
            .string({
              description:
                "Where to render the service's Argo CD Application in the workspace: gitops/<bookstore.gitops.applicationsDir>/<service>-<region>.yaml.",
            })
            .optional(),
        gitopsRepoUrl: z =>
          z
            .string({
              description:
                'GitHub only: the repoUrl input of publish:github:pull-request for bookstore.gitops.repository.',
            })
            .optional(),
        gitopsBaseBranch: z =>
          z
            .string({
              description:
                'The branch the change is merged into (bookstore.gitops.baseBranch).',
            })
            .optional(),
        gitopsBranch: z =>
          z
            .string({ description: 'The branch of the change: the service.' })
            .optional(),
        gitopsTitle: z =>
          z
            .string({
              description:
                'The title of the change (bookstore.gitops.title, placeholders filled in).',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      throwIfCancelled(
        stepSignal(ctx, cancellations),
        'the publish target was not planned',
      );
      const repoName = checkRepoName(ctx.input.repoName);
      const { host, owner } = publish.github;
      const cloneUrl = publish.local
        ? pathToFileURL(join(publish.local.directory, `${repoName}.git`)).href
        : `https://${host}/${owner}/${repoName}.git`;
      ctx.logger.info(
        `This portal publishes to ${
          publish.target === 'local'
            ? `the local git repository ${cloneUrl}`
            : `${host}/${owner}/${repoName}`
        }`,
      );
      ctx.output('target', publish.target);
      ctx.output('repoName', repoName);
      ctx.output('projectSlug', `${owner}/${repoName}`);
      ctx.output('githubRepoUrl', githubRepoUrlOf(host, owner, repoName));
      ctx.output('cloneUrl', cloneUrl);
      ctx.output('dashboardUid', dashboardUidOf(repoName));
      const dashboardUrl = dashboardUrlOf(links, repoName);
      if (dashboardUrl) {
        ctx.output('dashboardUrl', dashboardUrl);
      }

      const { tenant, region } = ctx.input;
      if (tenant === undefined && region === undefined) {
        return;
      }
      const values = {
        service: repoName,
        tenant: checkLabel(tenant ?? '', 'tenant'),
        region: checkLabel(region ?? '', 'region'),
      };
      const argocdUrl = argocdUrlOf(links, repoName, values.region);
      if (argocdUrl) {
        ctx.output('argocdUrl', argocdUrl);
      }
      const repository = requireGitops(gitops, 'tenant');
      const { claimPath, applicationPath } = gitopsPaths(repository, values);
      ctx.output('gitopsSourcePath', GITOPS_WORKSPACE_DIR);
      ctx.output('gitopsClaimPath', `${GITOPS_WORKSPACE_DIR}/${claimPath}`);
      ctx.output(
        'gitopsApplicationPath',
        `${GITOPS_WORKSPACE_DIR}/${applicationPath}`,
      );
      if (!publish.local) {
        const url = new URL(repository.repository);
        const [, gitopsOwner, gitopsRepo] = url.pathname.split('/');
        ctx.output(
          'gitopsRepoUrl',
          githubRepoUrlOf(url.host, gitopsOwner, gitopsRepo),
        );
      }
      ctx.output('gitopsBaseBranch', repository.baseBranch);
      ctx.output('gitopsBranch', repoName);
      ctx.output('gitopsTitle', gitopsTitle(repository, values));
    },
  });
}
