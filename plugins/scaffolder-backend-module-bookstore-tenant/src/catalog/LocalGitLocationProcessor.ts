import { isChildPath } from '@backstage/backend-plugin-api';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  CatalogProcessorParser,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import {
  LOCAL_GIT_LOCATION_TYPE,
  localCatalogInfoPath,
} from '../lib/localGitLocation';
import { checkRepoName } from '../lib/repoName';

/**
 * Reads `bookstore-local-git` locations: the target is the name of a repository
 * published by `bookstore:publish:local`, and the location is its working copy's
 * `catalog-info.yaml` in `directory`. The entities are emitted as read from that
 * `file`, so their managed-by-location is the file (TechDocs' `dir:.` and the
 * source links work as for any file location), while their origin stays the
 * registered `bookstore-local-git` location that `catalog.rules` judge.
 */
export class LocalGitLocationProcessor implements CatalogProcessor {
  constructor(private readonly directory: string) {}

  getProcessorName() {
    return 'LocalGitLocationProcessor';
  }

  async readLocation(
    location: LocationSpec,
    optional: boolean,
    emit: CatalogProcessorEmit,
    parser: CatalogProcessorParser,
  ): Promise<boolean> {
    if (location.type !== LOCAL_GIT_LOCATION_TYPE) {
      return false;
    }
    let repoName: string;
    try {
      repoName = checkRepoName(location.target);
    } catch (error) {
      emit(
        processingResult.inputError(
          location,
          `Invalid ${LOCAL_GIT_LOCATION_TYPE} location, its target is the name of a repository in ${
            this.directory
          }: ${(error as Error).message}`,
        ),
      );
      return true;
    }
    const file = localCatalogInfoPath(this.directory, repoName);
    if (!existsSync(file)) {
      if (!optional) {
        emit(
          processingResult.notFoundError(
            location,
            `${LOCAL_GIT_LOCATION_TYPE} ${repoName}: ${file} does not exist`,
          ),
        );
      }
      return true;
    }
    try {
      // A working copy's links must not lead the catalog out of the directory.
      const real = await realpath(file);
      if (!isChildPath(await realpath(this.directory), real)) {
        emit(
          processingResult.inputError(
            location,
            `${LOCAL_GIT_LOCATION_TYPE} ${repoName}: ${file} links outside ${this.directory}`,
          ),
        );
        return true;
      }
      const data = await readFile(real);
      for await (const result of parser({
        data,
        location: { type: 'file', target: file },
      })) {
        emit(result);
      }
    } catch (error) {
      emit(
        processingResult.generalError(
          location,
          `${LOCAL_GIT_LOCATION_TYPE} ${repoName}: ${file} could not be read, ${
            (error as Error).message
          }`,
        ),
      );
    }
    return true;
  }
}
