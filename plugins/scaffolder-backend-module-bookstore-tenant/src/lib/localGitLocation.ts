import { join } from 'node:path';

/**
 * The catalog location type of a locally published repository: its target is
 * the repository's name, never a path. The catalog module of this package reads
 * it as `<bookstore.publish.local.directory>/<name>/catalog-info.yaml`.
 */
export const LOCAL_GIT_LOCATION_TYPE = 'bookstore-local-git';

/** The catalog-info.yaml of a published repository's working copy. */
export function localCatalogInfoPath(directory: string, repoName: string) {
  return join(directory, repoName, 'catalog-info.yaml');
}
