import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { AdoptionStore, utcDay } from './database/AdoptionStore';
import { readAdoptionConfig } from './lib/readAdoptionConfig';
import { CatalogFigures } from './service/CatalogFigures';
import { FirstSyncs } from './service/FirstSyncs';
import { createRouter, MAX_WEEKS } from './service/router';
import { ScaffolderTasks } from './service/ScaffolderTasks';
import { summarize, summaryStart } from './service/summarize';
import { TechDocsFreshnessMeter } from './service/TechDocsFreshness';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** A summary measures TechDocs itself when the hourly measurement is older than this. */
const TECHDOCS_MAX_AGE_MS = HOUR_MS;
/** TechDocs measurements are kept as long as the longest summary shows. */
const TECHDOCS_KEPT_MS = (MAX_WEEKS + 1) * 7 * DAY_MS;

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
        const { retentionMs, techDocsFreshnessMs } = readAdoptionConfig(config);
        const store = await AdoptionStore.create(deps.database);
        const catalog = new CatalogFigures(deps);
        const tasks = new ScaffolderTasks(deps);
        const firstSyncs = new FirstSyncs({ ...deps, store, tasks });
        const techDocs = new TechDocsFreshnessMeter({
          ...deps,
          freshForMs: techDocsFreshnessMs,
        });
        const freshWithinDays =
          Math.round((techDocsFreshnessMs / DAY_MS) * 10) / 10;

        async function snapshotCatalog() {
          const snapshot = await catalog.snapshot();
          await store.recordComponents(snapshot.components, new Date());
          return snapshot;
        }

        async function measureTechDocs(
          snapshot: Awaited<ReturnType<typeof snapshotCatalog>>,
        ) {
          const measurement = await techDocs.measure(
            snapshot.techDocsComponents,
            new Date(),
          );
          await store.recordTechDocsFreshness(measurement);
          return measurement;
        }

        await deps.scheduler.scheduleTask({
          id: 'adoption:catalog-snapshot',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const measurement = await measureTechDocs(await snapshotCatalog());
            logger.info(
              `TechDocs fresh (built within ${freshWithinDays} days): ${measurement.fresh} of ${measurement.components} Components`,
            );
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
            await store.deleteTechDocsFreshnessBefore(
              new Date(Date.now() - TECHDOCS_KEPT_MS),
            );
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
              const snapshot = await snapshotCatalog();
              const [
                activeUserDays,
                templateRuns,
                newComponents,
                techDocsMeasurements,
              ] = await Promise.all([
                store.activeUserDays(utcDay(start)),
                tasks.createdSince(start),
                store.componentsFirstSeenSince(start),
                store.techDocsFreshnessSince(start),
              ]);
              let latest = techDocsMeasurements.at(-1);
              if (
                !latest ||
                now.getTime() - Date.parse(latest.measuredAt) >
                  TECHDOCS_MAX_AGE_MS
              ) {
                latest = await measureTechDocs(snapshot);
                techDocsMeasurements.push(latest);
              }
              const firstSyncRuns = await firstSyncs.measure(
                templateRuns,
                snapshot.argoCdComponents,
              );
              return summarize({
                now,
                weeks,
                activeUserDays,
                templateRuns,
                newComponents,
                catalog: snapshot.totals,
                firstSyncRuns,
                techDocsMeasurements,
                techDocs: { ...latest, freshWithinDays },
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
