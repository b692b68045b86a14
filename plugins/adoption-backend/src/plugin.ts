import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { AdoptionStore, utcDay } from './database/AdoptionStore';
import { readAdoptionConfig } from './lib/readAdoptionConfig';
import { CatalogFigures } from './service/CatalogFigures';
import { createRouter } from './service/router';
import { ScaffolderTasks } from './service/ScaffolderTasks';
import { summarize, summaryStart } from './service/summarize';

/**
 * The adoption backend: the frontend's analytics events at
 * `POST /api/adoption/events`, and the portal's adoption figures for admins at
 * `GET /api/adoption/summary?weeks=N`.
 */
export const adoptionPlugin = createBackendPlugin({
  pluginId: 'adoption',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { config, logger, httpAuth, httpRouter, permissions } = deps;
        const { retentionMs } = readAdoptionConfig(config);
        const store = await AdoptionStore.create(deps.database);
        const catalog = new CatalogFigures(deps);
        const tasks = new ScaffolderTasks(deps);

        async function snapshotCatalog() {
          const snapshot = await catalog.snapshot();
          await store.recordComponents(snapshot.components, new Date());
          return snapshot.totals;
        }

        await deps.scheduler.scheduleTask({
          id: 'adoption:catalog-snapshot',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            await snapshotCatalog();
          },
        });
        await deps.scheduler.scheduleTask({
          id: 'adoption:prune-events',
          frequency: { days: 1 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 5 },
          fn: async () => {
            const deleted = await store.deleteEventsBefore(
              new Date(Date.now() - retentionMs),
            );
            logger.info(`Deleted ${deleted} analytics events past retention`);
          },
        });

        httpRouter.use(
          createRouter({
            httpAuth,
            permissions,
            store,
            summary: async weeks => {
              const now = new Date();
              const start = summaryStart(now, weeks);
              // The snapshot first: Components new since the last one count.
              const totals = await snapshotCatalog();
              const [activeUserDays, templateRuns, newComponents] =
                await Promise.all([
                  store.activeUserDays(utcDay(start)),
                  tasks.createdSince(start),
                  store.componentsFirstSeenSince(start),
                ]);
              return summarize({
                now,
                weeks,
                activeUserDays,
                templateRuns,
                newComponents,
                catalog: totals,
              });
            },
          }),
        );
        logger.info(
          `Storing analytics events for ${Math.round(
            retentionMs / 86_400_000,
          )} days`,
        );
      },
    });
  },
});
