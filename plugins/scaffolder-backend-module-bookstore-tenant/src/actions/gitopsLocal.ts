import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { authorOf, defaultCommitter } from '../lib/gitAuthor';
import { checkApplication, checkClaim } from '../lib/gitopsFiles';
import { LocalGitopsRepository } from '../lib/localGitopsRepository';
import {
  GitopsConfig,
  gitopsPaths,
  gitopsTitle,
} from '../lib/readGitopsConfig';
import { TenantsConfig } from '../lib/readTenantsConfig';
import { normalizeOwner } from '../lib/renderClaim';
import { checkLabel } from '../lib/repoName';
import {
  stepSignal,
  TaskCancellations,
  throwIfCancelled,
} from '../lib/taskCancellation';
import { examples } from './gitopsLocal.examples';

/** The id of the action. */
export const GITOPS_LOCAL_ACTION_ID = 'bookstore:gitops:local';

async function readWorkspaceFile(
  workspacePath: string,
  path: string,
  field: string,
): Promise<string> {
  const file = resolveSafeChildPath(workspacePath, path);
  return readFile(file, 'utf8').catch(() => {
    throw new InputError(`${field}: ${path} is not a file of the workspace`);
  });
}

/**
 * The `bookstore:gitops:local` action: the local portal's change to the
 * platform's GitOps repository (`bookstore.gitops`, a bare repository on this
 * machine). Commits a new tenant's claim (`<tenantsDir>/<tenant>.yaml`) and
 * the service's Argo CD Application (`<applicationsDir>/<service>-<region>.yaml`)
 * from the workspace on the branch `<service>`, and with `autoMerge` merges it
 * into the base branch. Refuses a tenant claimed there by another team and a
 * new tenant whose claim exists; the base branch holding the change already is
 * a no-op.
 */
export function createGitopsLocalAction(options: {
  gitops?: GitopsConfig;
  tenants: TenantsConfig;
  config: Config;
  /** Cancels sooner than `ctx.signal` (see TaskCancellations). */
  cancellations?: TaskCancellations;
}) {
  const { gitops, tenants, config, cancellations } = options;
  const committer = defaultCommitter(config);

  return createTemplateAction({
    id: GITOPS_LOCAL_ACTION_ID,
    description:
      "Commits a new tenant's BookstoreTenant claim and the service's Argo CD Application to the local GitOps repository (bookstore.gitops) on a branch named after the service, and merges it into the base branch when bookstore.gitops.autoMerge is true.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        service: z =>
          z.string({
            description: 'The service: the branch and `<service>-<region>.yaml`.',
          }),
        owner: z =>
          z.string({
            description:
              "The owner team (`team-payments` or `group:default/team-payments`): the claim's team label.",
          }),
        tenant: z => z.string({ description: 'The tenant the service runs in.' }),
        region: z =>
          z.string({ description: 'The region the Application deploys to.' }),
        newTenant: z =>
          z.boolean({
            description: "Whether the tenant is new: then its claim is committed.",
          }),
        claimPath: z =>
          z
            .string({
              description:
                "The new tenant's claim in the workspace (bookstore:tenant's path). Required with newTenant.",
            })
            .optional(),
        applicationPath: z =>
          z.string({
            description: "The service's Argo CD Application in the workspace.",
          }),
      },
      output: {
        repository: z =>
          z.string({ description: 'The path of the GitOps repository.' }),
        repositoryUrl: z =>
          z.string({ description: 'The GitOps repository, as a file: URL.' }),
        branch: z => z.string({ description: 'The branch of the change.' }),
        commit: z =>
          z
            .string({ description: "The branch's commit (not in a dry run)." })
            .optional(),
        mergedCommit: z =>
          z
            .string({
              description:
                "The base branch's commit holding the change, when merged.",
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const signal = stepSignal(ctx, cancellations);
      throwIfCancelled(signal, 'nothing was written to the GitOps repository');
      if (!gitops) {
        throw new InputError(
          `${GITOPS_LOCAL_ACTION_ID} needs bookstore.publish.target: local (and optionally bookstore.gitops) in app-config`,
        );
      }
      const service = checkLabel(ctx.input.service, 'service');
      const tenant = checkLabel(ctx.input.tenant, 'tenant');
      const region = ctx.input.region;
      if (!tenants.regions.some(r => r.region === region)) {
        throw new InputError(
          `region: '${region}' is not one of ${tenants.regions
            .map(r => r.region)
            .join(', ')}`,
        );
      }
      const { name: owner, problem } = normalizeOwner(ctx.input.owner);
      if (!owner) {
        throw new InputError(`owner: ${problem}`);
      }
      let claim: string | undefined;
      if (ctx.input.newTenant) {
        if (!ctx.input.claimPath) {
          throw new InputError('claimPath: required for a new tenant');
        }
        claim = await readWorkspaceFile(
          ctx.workspacePath,
          ctx.input.claimPath,
          'claimPath',
        );
        checkClaim(claim, { tenant, owner, teamLabel: tenants.teamLabel });
      }
      const application = await readWorkspaceFile(
        ctx.workspacePath,
        ctx.input.applicationPath,
        'applicationPath',
      );
      checkApplication(application, { tenant, region });

      ctx.output('repository', gitops.repository);
      ctx.output('repositoryUrl', pathToFileURL(gitops.repository).href);
      ctx.output('branch', service);
      const { claimPath, applicationPath } = gitopsPaths(gitops, {
        service,
        tenant,
        region,
      });
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would commit ${
            claim ? `${claimPath} and ` : ''
          }${applicationPath} to ${gitops.repository} (${service}); nothing was written`,
        );
        return;
      }
      const repository = new LocalGitopsRepository(gitops, ctx.logger);
      const result = await ctx.checkpoint({
        key: `gitops-${service}`,
        fn: () =>
          repository.apply(
            {
              service,
              tenant,
              owner,
              teamLabel: tenants.teamLabel,
              claim,
              application,
              applicationPath,
              title: gitopsTitle(gitops, { service, tenant, region }),
              author: authorOf(ctx.user, committer),
              committer,
            },
            signal,
          ),
      });
      ctx.output('commit', result.commit);
      if (result.mergedCommit) {
        ctx.output('mergedCommit', result.mergedCommit);
      }
    },
  });
}
