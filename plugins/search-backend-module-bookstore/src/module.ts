import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { PgSearchEngine } from '@backstage/plugin-search-backend-module-pg';
import { searchEngineRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { LenientLunrSearchEngine } from './LenientLunrSearchEngine';

/**
 * The search engine when the database is not PostgreSQL (the local start on SQLite): Lunr in
 * memory, answering a query for a type without an index with no results. On PostgreSQL the
 * `search-backend-module-pg` engine is used (a type without documents has no results there).
 */
export const searchModuleLenientLunrEngine = createBackendModule({
  pluginId: 'search',
  moduleId: 'lenient-lunr-engine',
  register(env) {
    env.registerInit({
      deps: {
        searchEngineRegistry: searchEngineRegistryExtensionPoint,
        database: coreServices.database,
        logger: coreServices.logger,
      },
      async init({ searchEngineRegistry, database, logger }) {
        if (await PgSearchEngine.supported(database)) {
          return;
        }
        searchEngineRegistry.setSearchEngine(
          new LenientLunrSearchEngine({ logger }),
        );
      },
    });
  },
});
