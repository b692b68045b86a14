import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { isAbsolute, join, resolve } from 'node:path';
import { PublishConfig } from './readPublishConfig';

/** `bookstore.gitops`, with its defaults filled in. */
export interface GitopsConfig {
  /**
   * Local: the absolute path of the bare GitOps repository. GitHub: the
   * repository's URL (https://<host>/<owner>/<repo>).
   */
  repository: string;
  baseBranch: string;
  /** Relative to the repository's root: `<tenantsDir>/<tenant>.yaml`. */
  tenantsDir: string;
  /** Relative to the repository's root: `<applicationsDir>/<service>-<region>.yaml`. */
  applicationsDir: string;
  /** The commit (and pull request) title; `{service}`, `{tenant}`, `{region}` are replaced. */
  title: string;
  /** Merge the change into the base branch at once (local only). */
  autoMerge: boolean;
}

/** The name of the local GitOps repository in `bookstore.publish.local.directory`. */
export const LOCAL_GITOPS_REPOSITORY = 'platform-gitops.git';

const TITLE_PLACEHOLDERS = ['service', 'tenant', 'region'];
const BRANCH = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const DIRECTORY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

function invalid(key: string, value: string, why: string): Error {
  return new Error(
    `Invalid config value at 'bookstore.gitops.${key}': '${value}' ${why}`,
  );
}

function directory(value: string, key: string): string {
  const trimmed = value.replace(/\/+$/, '');
  if (!DIRECTORY.test(trimmed) || trimmed.split('/').includes('..')) {
    throw invalid(
      key,
      value,
      "is not a relative directory of the repository (letters, digits, '.', '_', '-' and '/', no '..')",
    );
  }
  return trimmed;
}

/**
 * Reads `bookstore.gitops`: where the golden paths change the platform's GitOps
 * repository (the tenant claim, the Argo CD Application). With
 * `bookstore.publish.target: local` the repository is a bare repository on
 * this machine, by default `<bookstore.publish.local.directory>/platform-gitops.git`,
 * and the change is merged at once unless `autoMerge` is false; with `github`
 * it is the repository's URL and the change a pull request, and without
 * `bookstore.gitops.repository` the portal has no GitOps repository (undefined). Every
 * other mistake is an error naming the key.
 */
export function readGitopsConfig(
  config: Config,
  publish: PublishConfig,
): GitopsConfig | undefined {
  const gitops = config.getOptionalConfig('bookstore.gitops');
  const local = publish.local;
  const configured = gitops?.getOptionalString('repository');
  let repository: string;
  if (local) {
    if (configured !== undefined && !isAbsolute(configured)) {
      throw invalid(
        'repository',
        configured,
        'is not an absolute path of a bare git repository (bookstore.publish.target is local)',
      );
    }
    repository = resolve(
      configured ?? join(local.directory, LOCAL_GITOPS_REPOSITORY),
    );
  } else {
    if (!configured) {
      return undefined;
    }
    let url: URL;
    try {
      url = new URL(configured);
    } catch {
      throw invalid('repository', configured, 'is not a URL');
    }
    if (url.protocol !== 'https:' || url.pathname.split('/').length < 3) {
      throw invalid(
        'repository',
        configured,
        'is not the https URL of a repository (https://<host>/<owner>/<repo>)',
      );
    }
    repository = configured.replace(/\/+$/, '').replace(/\.git$/, '');
  }

  const baseBranch = gitops?.getOptionalString('baseBranch') ?? 'main';
  if (!BRANCH.test(baseBranch) || baseBranch.includes('..')) {
    throw invalid('baseBranch', baseBranch, 'is not a branch name');
  }
  const tenantsDir = directory(
    gitops?.getOptionalString('tenantsDir') ?? 'tenants',
    'tenantsDir',
  );
  const applicationsDir = directory(
    gitops?.getOptionalString('applicationsDir') ?? 'apps',
    'applicationsDir',
  );
  const title =
    gitops?.getOptionalString('title') ??
    'Add service {service} to tenant {tenant} ({region})';
  const unknown = [...title.matchAll(/\{([^}]*)\}/g)]
    .map(match => match[1])
    .find(name => !TITLE_PLACEHOLDERS.includes(name));
  if (unknown !== undefined || !title.trim() || title.includes('\n')) {
    throw invalid(
      'title',
      title,
      `is not a one-line title whose placeholders are ${TITLE_PLACEHOLDERS.map(
        name => `{${name}}`,
      ).join(', ')}`,
    );
  }
  const autoMerge = gitops?.getOptionalBoolean('autoMerge') ?? Boolean(local);
  if (autoMerge && !local) {
    throw invalid(
      'autoMerge',
      'true',
      'is for the local GitOps repository only; on GitHub platform engineers review and merge the pull request',
    );
  }
  return {
    repository,
    baseBranch,
    tenantsDir,
    applicationsDir,
    title,
    autoMerge,
  };
}

/** The title of the change for a service in a tenant's region. */
export function gitopsTitle(
  gitops: GitopsConfig,
  values: { service: string; tenant: string; region: string },
): string {
  return gitops.title.replace(
    /\{(service|tenant|region)\}/g,
    (_, name: keyof typeof values) => values[name],
  );
}

/**
 * The workspace directory a golden path renders its GitOps change into, laid
 * out like the GitOps repository (`gitops/<tenantsDir>/<tenant>.yaml`, …); the
 * `sourcePath` of the pull request, removed before the service is published.
 */
export const GITOPS_WORKSPACE_DIR = 'gitops';

/**
 * Where the change of a service in a tenant's region lives in the GitOps
 * repository: the tenant's claim (`<tenantsDir>/<tenant>.yaml`) and the
 * service's Argo CD Application (`<applicationsDir>/<service>-<region>.yaml`).
 */
export function gitopsPaths(
  gitops: Pick<GitopsConfig, 'tenantsDir' | 'applicationsDir'>,
  values: { service: string; tenant: string; region: string },
): { claimPath: string; applicationPath: string } {
  return {
    claimPath: `${gitops.tenantsDir}/${values.tenant}.yaml`,
    applicationPath: `${gitops.applicationsDir}/${values.service}-${values.region}.yaml`,
  };
}

/**
 * `gitops`, or an InputError naming `field` when the portal has no GitOps
 * repository (GitHub without `bookstore.gitops.repository`): a golden path
 * then cannot deliver its tenant claim and Argo CD Application.
 */
export function requireGitops(
  gitops: GitopsConfig | undefined,
  field: string,
): GitopsConfig {
  if (!gitops) {
    throw new InputError(
      `${field}: this portal has no GitOps repository for the service's tenant claim and Argo CD Application (bookstore.gitops.repository is not set in app-config)`,
    );
  }
  return gitops;
}
