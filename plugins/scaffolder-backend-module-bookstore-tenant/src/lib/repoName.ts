import { InputError } from '@backstage/errors';

const REPO_NAME = /^[a-z0-9]([-a-z0-9._]*[a-z0-9])?$/;

/**
 * Checks a repository name the way both publish targets can take it: lowercase
 * letters, digits, ".", "_" and "-", at most 100 characters, not ending in .git.
 */
export function checkRepoName(repoName: string): string {
  if (
    !REPO_NAME.test(repoName) ||
    repoName.length > 100 ||
    repoName.endsWith('.git') ||
    repoName.includes('..')
  ) {
    throw new InputError(
      `repoName: '${repoName}' is not a repository name: lowercase letters, digits, ".", "_" and "-", starting and ending with a letter or digit, at most 100 characters, not ending in .git`,
    );
  }
  return repoName;
}
