import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './git';
import { Person } from './gitAuthor';
import { claimTeam } from './gitopsFiles';
import { GitopsConfig } from './readGitopsConfig';
import { throwIfCancelled } from './taskCancellation';

/** The change a golden path makes to the GitOps repository. */
export interface GitopsChange {
  service: string;
  tenant: string;
  /** The owner team's name, the claim's team label. */
  owner: string;
  teamLabel: string;
  /** The new tenant's claim; absent for an existing tenant. */
  claim?: string;
  application: string;
  /** The path of the Application in the repository. */
  applicationPath: string;
  title: string;
  author: Person;
  committer: Person;
}

/** What the repository holds after the change (a type, not an interface: a checkpoint's JSON). */
export type GitopsResult = {
  branch: string;
  /** The branch's commit. */
  commit: string;
  /** The base branch's tip after the change, when the change is merged. */
  mergedCommit?: string;
  /** False when the base branch held the change already (a re-run). */
  changed: boolean;
};

const ATTEMPTS = 3;

/** A push the GitOps repository refused, e.g. by a hook or as not a fast-forward. */
class PushRejectedError extends ConflictError {}

/** Git's own words from a failed git command (its stderr). */
function reasonOf(error: unknown): string {
  const message = (error as Error).message;
  return message.split(' failed: ').slice(1).join(' failed: ') || message;
}

async function show(cwd: string, object: string): Promise<string | undefined> {
  return git(['cat-file', 'blob', object], { cwd }).catch(() => undefined);
}

async function tipOf(cwd: string, ref: string): Promise<string | undefined> {
  return git(['rev-parse', '--verify', '-q', `${ref}^{commit}`], { cwd }).catch(
    () => undefined,
  );
}

/**
 * The local GitOps repository: a bare repository (created with its base branch
 * when missing) that the change is pushed to as a branch and, with
 * `autoMerge`, merged into the base branch. Every push goes through git, so the
 * repository's hooks judge it.
 */
export class LocalGitopsRepository {
  constructor(
    private readonly gitops: GitopsConfig,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Applies `change`: refuses a tenant claimed by another team and a new
   * tenant whose claim exists, writes `<tenantsDir>/<tenant>.yaml` (new tenant
   * only) and the Application on branch `<service>`, and merges it. The base
   * branch holding the change already is a no-op. A base branch or change
   * branch moved by another task meanwhile (another service's change, a
   * concurrent submission of this one) is read again, backing off, up to
   * three times.
   */
  async apply(
    change: GitopsChange,
    signal: AbortSignal,
  ): Promise<GitopsResult> {
    const { repository } = this.gitops;
    throwIfCancelled(signal, `nothing was written to ${repository}`);
    if (existsSync(repository)) {
      const isBare = await git(['rev-parse', '--is-bare-repository'], {
        cwd: repository,
      }).catch(() => 'false');
      if (isBare !== 'true') {
        throw new ConflictError(
          `The GitOps repository ${repository} (bookstore.gitops.repository) is not a bare git repository`,
        );
      }
    } else {
      await git(
        ['init', '-q', '--bare', '-b', this.gitops.baseBranch, repository],
        { signal },
      );
    }
    for (let attempt = 1; ; attempt++) {
      const work = await mkdtemp(join(tmpdir(), 'bookstore-gitops-'));
      try {
        return await this.#attempt(change, work, signal);
      } catch (error) {
        if (!(error instanceof PushRejectedError) || attempt === ATTEMPTS) {
          throw error;
        }
        const moved = await this.#moved(work, change.service);
        if (!moved) {
          throw error;
        }
        this.logger.info(
          `${repository} (${moved}) moved meanwhile; trying again`,
        );
        await new Promise(resolve => setTimeout(resolve, 100 * 2 ** attempt));
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    }
  }

  /**
   * The branch (the base branch or the change's) that another push moved since `work` fetched:
   * e.g. a concurrent submission of the same service created its branch first.
   */
  async #moved(work: string, branch: string): Promise<string | undefined> {
    for (const name of [this.gitops.baseBranch, branch]) {
      const seen = await tipOf(work, `refs/remotes/origin/${name}`);
      const now = await tipOf(this.gitops.repository, `refs/heads/${name}`);
      if (seen !== now) {
        return name;
      }
    }
    return undefined;
  }

  async #push(
    work: string,
    commit: string,
    branch: string,
    signal: AbortSignal,
  ) {
    throwIfCancelled(
      signal,
      `${commit} was not pushed to ${branch} of ${this.gitops.repository}`,
    );
    try {
      await git(
        [
          'push',
          '-q',
          this.gitops.repository,
          `${commit}:refs/heads/${branch}`,
        ],
        { cwd: work, signal },
      );
    } catch (error) {
      if (signal.aborted) {
        throw error;
      }
      throw new PushRejectedError(
        `The GitOps repository ${
          this.gitops.repository
        } rejected the push to branch ${branch}: ${reasonOf(error)}`,
      );
    }
  }

  async #commit(
    work: string,
    tree: string,
    parents: string[],
    message: string,
    change: GitopsChange,
    signal: AbortSignal,
  ): Promise<string> {
    return git(
      ['commit-tree', tree, ...parents.flatMap(p => ['-p', p]), '-m', message],
      {
        cwd: work,
        env: {
          GIT_AUTHOR_NAME: change.author.name,
          GIT_AUTHOR_EMAIL: change.author.email,
          GIT_COMMITTER_NAME: change.committer.name,
          GIT_COMMITTER_EMAIL: change.committer.email,
        },
        signal,
      },
    );
  }

  async #attempt(
    change: GitopsChange,
    work: string,
    signal: AbortSignal,
  ): Promise<GitopsResult> {
    const { repository, baseBranch, tenantsDir, autoMerge } = this.gitops;
    const branch = change.service;
    const baseRef = `refs/remotes/origin/${baseBranch}`;
    const branchRef = `refs/remotes/origin/${branch}`;
    await git(['init', '-q', '--bare', work], { signal });
    await git(
      ['fetch', '-q', repository, '+refs/heads/*:refs/remotes/origin/*'],
      { cwd: work, signal },
    );
    const index = { GIT_INDEX_FILE: join(work, 'bookstore-index') };

    let baseTip = await tipOf(work, baseRef);
    if (!baseTip) {
      const empty = await git(['write-tree'], { cwd: work, env: index });
      baseTip = await this.#commit(
        work,
        empty,
        [],
        'Initialise the GitOps repository',
        change,
        signal,
      );
      await this.#push(work, baseTip, baseBranch, signal);
      await git(['update-ref', baseRef, baseTip], { cwd: work });
    }

    const claimPath = `${tenantsDir}/${change.tenant}.yaml`;
    const where = `in the GitOps repository ${repository} (${baseBranch})`;
    const existingClaim = await show(work, `${baseRef}:${claimPath}`);
    if (existingClaim !== undefined) {
      const team = claimTeam(existingClaim, change.teamLabel);
      if (team !== change.owner) {
        throw new ConflictError(
          `tenant: ${change.tenant} is claimed ${where} by ${
            team ? `team ${team}` : `no team (${change.teamLabel})`
          }, not ${change.owner}: ${claimPath}; choose another tenant`,
        );
      }
      if (
        change.claim !== undefined &&
        change.claim.trimEnd() !== existingClaim
      ) {
        throw new ConflictError(
          `tenantName: the new tenant ${change.tenant} already has a claim ${where}: ${claimPath}; choose another name, or the existing tenant`,
        );
      }
    }
    const existingApplication = await show(
      work,
      `${baseRef}:${change.applicationPath}`,
    );
    if (
      existingApplication !== undefined &&
      existingApplication !== change.application.trimEnd()
    ) {
      throw new ConflictError(
        `name: ${change.applicationPath} already exists ${where} with another Application; choose another name`,
      );
    }

    const files: Array<[string, string]> = [
      ...(change.claim !== undefined
        ? [[claimPath, change.claim] as [string, string]]
        : []),
      [change.applicationPath, change.application],
    ];
    await git(['read-tree', baseRef], { cwd: work, env: index, signal });
    const blobs: Record<string, string> = {};
    for (const [path, content] of files) {
      const file = join(work, 'bookstore-blob');
      await writeFile(file, content, 'utf8');
      blobs[path] = await git(['hash-object', '-w', file], { cwd: work });
      await git(
        [
          'update-index',
          '--add',
          '--cacheinfo',
          `100644,${blobs[path]},${path}`,
        ],
        { cwd: work, env: index },
      );
    }
    const tree = await git(['write-tree'], { cwd: work, env: index });
    const baseTree = await git(['rev-parse', `${baseRef}^{tree}`], {
      cwd: work,
    });
    if (tree === baseTree) {
      const tip = (await tipOf(work, branchRef)) ?? baseTip;
      this.logger.info(
        `${repository} (${baseBranch}) holds ${files
          .map(([path]) => path)
          .join(' and ')} already at ${baseTip}; nothing to change`,
      );
      return { branch, commit: tip, mergedCommit: baseTip, changed: false };
    }

    let commit = await tipOf(work, branchRef);
    if (commit) {
      for (const [path] of files) {
        const blob = await git(['rev-parse', `${commit}:${path}`], {
          cwd: work,
        }).catch(() => '');
        if (blob !== blobs[path]) {
          throw new ConflictError(
            `name: the branch ${branch} already exists in the GitOps repository ${repository} with another ${path}; choose another name, or remove the branch`,
          );
        }
      }
      this.logger.info(
        `${repository} (${branch}) holds this change already at ${commit}`,
      );
    } else {
      commit = await this.#commit(
        work,
        tree,
        [baseTip],
        change.title,
        change,
        signal,
      );
      await this.#push(work, commit, branch, signal);
      this.logger.info(
        `Pushed ${commit} (${change.title}) to ${repository} (${branch})`,
      );
    }
    if (!autoMerge) {
      return { branch, commit, changed: true };
    }

    let merged = commit;
    const fastForward = await git(
      ['merge-base', '--is-ancestor', baseTip, commit],
      { cwd: work },
    ).then(
      () => true,
      () => false,
    );
    if (!fastForward) {
      const mergedTree = await git(
        ['merge-tree', '--write-tree', baseTip, commit],
        { cwd: work },
      ).catch(error => {
        throw new ConflictError(
          `The branch ${branch} does not merge into ${baseBranch} of the GitOps repository ${repository}: ${reasonOf(
            error,
          )}`,
        );
      });
      merged = await this.#commit(
        work,
        mergedTree,
        [baseTip, commit],
        `Merge branch ${branch}: ${change.title}`,
        change,
        signal,
      );
    }
    await this.#push(work, merged, baseBranch, signal);
    this.logger.info(
      `Merged ${branch} into ${baseBranch} of ${repository} at ${merged}`,
    );
    return { branch, commit, mergedCommit: merged, changed: true };
  }
}
