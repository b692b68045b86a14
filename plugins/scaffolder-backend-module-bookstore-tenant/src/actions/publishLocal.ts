import {
  LoggerService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { existsSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { git, shellQuote } from '../lib/git';
import { authorOf, defaultCommitter, Person } from '../lib/gitAuthor';
import { localCatalogInfoPath } from '../lib/localGitLocation';
import { LocalPublishConfig, PublishConfig } from '../lib/readPublishConfig';
import { checkRepoName } from '../lib/repoName';
import {
  stepSignal,
  TaskCancellations,
  TaskCancelledError,
  throwIfCancelled,
} from '../lib/taskCancellation';
import { examples } from './publishLocal.examples';

/** A post-receive hook that keeps the working copy the catalog reads at the branch's tip. */
function postReceiveHook(bare: string, workingCopy: string, branch: string) {
  return `#!/bin/sh
# Installed by the bookstore:publish:local scaffolder action: after every push,
# brings the working copy the catalog reads to the tip of ${branch}.
unset GIT_DIR
while read -r old new ref; do
  [ "$ref" = ${shellQuote(`refs/heads/${branch}`)} ] || continue
  if [ -d ${shellQuote(join(workingCopy, '.git'))} ]; then
    git -C ${shellQuote(workingCopy)} fetch -q origin &&
      git -C ${shellQuote(workingCopy)} reset -q --hard ${shellQuote(
    `origin/${branch}`,
  )}
  else
    git clone -q -b ${shellQuote(branch)} ${shellQuote(bare)} ${shellQuote(
    workingCopy,
  )}
  fi
done
`;
}

async function updateWorkingCopy(
  bare: string,
  workingCopy: string,
  branch: string,
  signal: AbortSignal,
) {
  if (existsSync(join(workingCopy, '.git'))) {
    await git(['fetch', '-q', 'origin'], { cwd: workingCopy, signal });
    await git(['reset', '-q', '--hard', `origin/${branch}`], {
      cwd: workingCopy,
      signal,
    });
  } else {
    await git(['clone', '-q', '-b', branch, bare, workingCopy], { signal });
  }
}

/** The published commit of `branchRef` in `bare`, if any. */
function tipOf(bare: string, branchRef: string): Promise<string> {
  return git(['rev-parse', '--verify', '-q', `${branchRef}^{commit}`], {
    cwd: bare,
  }).catch(() => '');
}

async function publishToBareRepository(options: {
  local: LocalPublishConfig;
  repoName: string;
  source: string;
  branch: string;
  message: string;
  description: string;
  author: Person;
  committer: Person;
  logger: LoggerService;
  signal: AbortSignal;
}): Promise<{ commitHash: string }> {
  const { local, repoName, source, branch, logger, signal } = options;
  const bare = join(local.directory, `${repoName}.git`);
  const workingCopy = join(local.directory, repoName);
  const branchRef = `refs/heads/${branch}`;
  throwIfCancelled(signal, `nothing was published to ${bare}`);
  await mkdir(local.directory, { recursive: true });

  if (!existsSync(join(source, '.git'))) {
    await git(['init', '-q', '-b', branch], { cwd: source, signal });
  }
  await git(['add', '-A'], { cwd: source, signal });
  const tree = await git(['write-tree'], { cwd: source, signal });

  if (existsSync(bare)) {
    const isBare = await git(['rev-parse', '--is-bare-repository'], {
      cwd: bare,
    }).catch(() => 'false');
    if (isBare !== 'true') {
      throw new ConflictError(
        `repoName: ${bare} exists and is not a bare git repository; choose another name`,
      );
    }
    const tip = await tipOf(bare, branchRef);
    if (tip) {
      const tipTree = await git(['rev-parse', `${tip}^{tree}`], { cwd: bare });
      if (tipTree !== tree) {
        throw new ConflictError(
          `repoName: the repository ${repoName} already exists in ${local.directory} with other content; choose another name, or remove ${bare} and ${workingCopy}`,
        );
      }
      // Published before, e.g. by an attempt of this task that did not finish.
      logger.info(
        `${bare} already holds this content at ${tip}; nothing to push`,
      );
      await updateWorkingCopy(bare, workingCopy, branch, signal);
      return { commitHash: tip };
    }
  } else if (existsSync(workingCopy)) {
    throw new ConflictError(
      `repoName: ${workingCopy} exists without its repository ${bare}; remove it or choose another name`,
    );
  }

  const created = !existsSync(bare);
  let commitHash: string;
  try {
    if (created) {
      await git(['init', '-q', '--bare', '-b', branch, bare], { signal });
      await writeFile(join(bare, 'description'), `${options.description}\n`);
      const hook = join(bare, 'hooks', 'post-receive');
      await writeFile(hook, postReceiveHook(bare, workingCopy, branch));
      await chmod(hook, 0o755);
    }
    commitHash = await git(['commit-tree', tree, '-m', options.message], {
      cwd: source,
      env: {
        GIT_AUTHOR_NAME: options.author.name,
        GIT_AUTHOR_EMAIL: options.author.email,
        GIT_COMMITTER_NAME: options.committer.name,
        GIT_COMMITTER_EMAIL: options.committer.email,
      },
      signal,
    });
    await git(['update-ref', branchRef, commitHash], { cwd: source, signal });
    await git(['push', '-q', bare, `${commitHash}:${branchRef}`], {
      cwd: source,
      signal,
    });
  } catch (error) {
    const tip = await tipOf(bare, branchRef);
    if (!(error instanceof TaskCancelledError) && tip) {
      // Another task published the name between the checks above and this push.
      throw new ConflictError(
        `repoName: the repository ${repoName} was published to ${local.directory} by another task at the same time; choose another name`,
      );
    }
    if (!(error instanceof TaskCancelledError) || tip) {
      throw error;
    }
    // Cancelled before the push landed: a repository created here holds nothing and
    // would take the name from a retry.
    if (created) {
      await rm(bare, { recursive: true, force: true });
    }
    throw new TaskCancelledError(
      `The task was cancelled before the push; nothing was published to ${bare}`,
    );
  }
  // The hook has normally done this already; make sure, and be idempotent.
  if (signal.aborted) {
    throw new TaskCancelledError(
      `The task was cancelled after the push: ${commitHash} is published to ${bare} (${branch}); the repository's hook updates the working copy ${workingCopy}`,
    );
  }
  await updateWorkingCopy(bare, workingCopy, branch, signal);
  logger.info(
    `Pushed ${commitHash} by ${options.author.name} <${options.author.email}> to ${bare} (${branch}); working copy ${workingCopy}`,
  );
  return { commitHash };
}

/**
 * The `bookstore:publish:local` action: the local portal's stand-in for
 * publish:github. Commits the workspace as the initiating user and pushes it to
 * the bare repository `<bookstore.publish.local.directory>/<repoName>.git`
 * (created when missing; an existing one with other content is refused), and
 * keeps a working copy `<directory>/<repoName>/` that the catalog reads.
 */
export function createPublishLocalAction(options: {
  publish: PublishConfig;
  config: Config;
  /** Cancels sooner than `ctx.signal` (see TaskCancellations). */
  cancellations?: TaskCancellations;
}) {
  const { publish, config, cancellations } = options;
  const committer = defaultCommitter(config);

  return createTemplateAction({
    id: 'bookstore:publish:local',
    description:
      'Publishes the workspace to a bare git repository on this machine (bookstore.publish.local.directory), as the local stand-in for publish:github, and keeps a working copy the catalog reads.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z.string({
            description:
              'The repository name: lowercase letters, digits, ".", "_" and "-".',
          }),
        sourcePath: z =>
          z
            .string({
              description:
                'The part of the workspace to publish, relative to it. Default: all of it.',
            })
            .optional(),
        defaultBranch: z =>
          z
            .string({ description: 'The branch to push. Default: main.' })
            .optional(),
        gitCommitMessage: z =>
          z
            .string({
              description: 'The commit message. Default: Initial commit.',
            })
            .optional(),
        description: z =>
          z.string({ description: "The repository's description." }).optional(),
      },
      output: {
        remoteUrl: z =>
          z.string({ description: 'The bare repository, as a file: URL.' }),
        commitHash: z =>
          z
            .string({ description: 'The pushed commit (not in a dry run).' })
            .optional(),
        workingCopyPath: z =>
          z.string({
            description: 'The working copy the catalog reads.',
          }),
        catalogInfoPath: z =>
          z.string({
            description:
              "The working copy's catalog-info.yaml, for bookstore:catalog:register-local.",
          }),
      },
    },
    async handler(ctx) {
      const signal = stepSignal(ctx, cancellations);
      throwIfCancelled(signal, 'nothing was published');
      const local = publish.local;
      if (!local) {
        throw new InputError(
          `bookstore:publish:local needs bookstore.publish.target: local and bookstore.publish.local.directory in app-config; this portal publishes to ${publish.target}`,
        );
      }
      const repoName = checkRepoName(ctx.input.repoName);
      const branch = ctx.input.defaultBranch ?? 'main';
      if (
        !/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(branch) ||
        branch.includes('..')
      ) {
        throw new InputError(`defaultBranch: '${branch}' is not a branch name`);
      }
      const source = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      const bare = join(local.directory, `${repoName}.git`);
      const workingCopy = join(local.directory, repoName);
      ctx.output('remoteUrl', pathToFileURL(bare).href);
      ctx.output('workingCopyPath', workingCopy);
      ctx.output(
        'catalogInfoPath',
        localCatalogInfoPath(local.directory, repoName),
      );

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would push ${source} to ${bare} (${branch}); nothing was written`,
        );
        return;
      }
      const author = authorOf(ctx.user, committer);
      const { commitHash } = await ctx.checkpoint({
        key: `publish-${repoName}`,
        fn: () =>
          publishToBareRepository({
            local,
            repoName,
            source,
            branch,
            message: ctx.input.gitCommitMessage ?? 'Initial commit',
            description: ctx.input.description ?? repoName,
            author,
            committer,
            logger: ctx.logger,
            signal,
          }),
      });
      ctx.output('commitHash', commitHash);
    },
  });
}
