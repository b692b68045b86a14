import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { LOCAL_GIT_LOCATION_TYPE } from '../lib/localGitLocation';
import { readPublishConfig } from '../lib/readPublishConfig';
import { LocalGitLocationProcessor } from './LocalGitLocationProcessor';

/**
 * With `bookstore.publish.target: local`, lets the catalog read each locally
 * published repository as a location of its own: the location type
 * `bookstore-local-git` (target: the repository's name) is allowed at the
 * catalog API next to `url`, and read by {@link LocalGitLocationProcessor}.
 * `bookstore:catalog:register-local` registers these locations. With any other
 * target it changes nothing.
 */
export const catalogModuleBookstoreLocalGit = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'bookstore-local-git',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        processing: catalogProcessingExtensionPoint,
        locations: catalogLocationsExtensionPoint,
      },
      async init({ config, logger, processing, locations }) {
        const { local } = readPublishConfig(config);
        if (!local) {
          return;
        }
        // Replaces the catalog's default, which is url only; file stays refused.
        locations.setAllowedLocationTypes(['url', LOCAL_GIT_LOCATION_TYPE]);
        processing.addProcessor(new LocalGitLocationProcessor(local.directory));
        logger.info(
          `Published repositories of ${local.directory} are read as ${LOCAL_GIT_LOCATION_TYPE} locations`,
        );
      },
    });
  },
});
