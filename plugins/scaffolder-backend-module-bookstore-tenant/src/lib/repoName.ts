import { InputError } from '@backstage/errors';
import { DNS_1123_LABEL } from '@internal/plugin-bookstore-tenant-common';

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

/** Checks that `value` of the input `field` is a DNS-1123 label (a Kubernetes name part). */
export function checkLabel(value: string, field: string): string {
  if (!DNS_1123_LABEL.test(value) || value.length > 63) {
    throw new InputError(
      `${field}: '${value}' must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters`,
    );
  }
  return value;
}
