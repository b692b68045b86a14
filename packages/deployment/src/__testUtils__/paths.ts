import { resolve as resolvePath } from 'node:path';

/** The repository root (this file is packages/deployment/src/__testUtils__/paths.ts). */
export const repoRoot = resolvePath(__dirname, '../../../..');

/** The Helm chart. */
export const chartDir = resolvePath(repoRoot, 'charts/bookstore-portal');

/** The image definition. */
export const dockerfilePath = resolvePath(repoRoot, 'Dockerfile');

/** Git-ignored tools extracted at test time (Node 22 and the yarn shim live there too). */
export const toolsDir = resolvePath(repoRoot, '.tools');
