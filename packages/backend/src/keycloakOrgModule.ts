import { AsyncLocalStorage } from 'node:async_hooks';
import {
  coreServices,
  createBackendModule,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { KeycloakOrgEntityProvider } from '@backstage-community/plugin-catalog-backend-module-keycloak';

/** What one sync of a Keycloak provider skipped: the warnings the library logged instead. */
interface Run {
  skipped: string[];
}

const runs = new AsyncLocalStorage<Run>();

/**
 * A logger that notes, for the run it is called in, every warning: the Keycloak library logs a
 * page of users or groups that failed ("Failed to retieve Keycloak entities …") as a warning,
 * its only one, and goes on without that page.
 */
function noticingWarnings(logger: LoggerService): LoggerService {
  return {
    error: (message, meta) => logger.error(message, meta),
    info: (message, meta) => logger.info(message, meta),
    debug: (message, meta) => logger.debug(message, meta),
    warn(message, meta) {
      runs.getStore()?.skipped.push(message);
      logger.warn(message, meta);
    },
    child: meta => noticingWarnings(logger.child(meta)),
  };
}

/** The task, each of its runs in a Run of its own. */
function inOwnRuns<T extends SchedulerServiceTaskInvocationDefinition>(
  task: T,
): T {
  return {
    ...task,
    fn: signal => runs.run({ skipped: [] }, () => task.fn(signal)),
  };
}

/** The scheduler, with each run of a task in a Run of its own. */
function runByRun(scheduler: SchedulerService): SchedulerService {
  return {
    triggerTask: id => scheduler.triggerTask(id),
    cancelTask: id => scheduler.cancelTask(id),
    scheduleTask: task => scheduler.scheduleTask(inOwnRuns(task)),
    getScheduledTasks: () => scheduler.getScheduledTasks(),
    createScheduledTaskRunner(schedule) {
      const runner = scheduler.createScheduledTaskRunner(schedule);
      return { run: task => runner.run(inOwnRuns(task)) };
    },
  };
}

/** A connection that refuses a full mutation of a run that skipped part of the realm. */
function completeRunsOnly(
  connection: EntityProviderConnection,
): EntityProviderConnection {
  return {
    refresh: options => connection.refresh(options),
    async applyMutation(mutation) {
      const skipped = runs.getStore()?.skipped ?? [];
      if (mutation.type === 'full' && skipped.length > 0) {
        throw new ServiceUnavailableError(
          `Keycloak answered only part of the realm, the catalog keeps the Users and Groups of the last complete sync: ${skipped.join(
            '; ',
          )}`,
        );
      }
      await connection.applyMutation(mutation);
    },
  };
}

/**
 * Keycloak's users and groups (catalog.providers.keycloakOrg) with the library's
 * KeycloakOrgEntityProvider, whose sync skips a page of users or groups that fails and then
 * replaces all of the provider's entities with what it read: a Keycloak failing part-way would
 * remove the people and groups of the missing pages from the catalog. Here a run that skipped
 * anything applies nothing; the next complete run does. Instead of the library's own module
 * (`catalogModuleKeycloakEntityProvider`), with the same providers, names and schedules (a
 * provider without `schedule` is a start-up error).
 */
export const catalogModuleKeycloakOrg = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'keycloak-org',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, scheduler }) {
        catalog.addEntityProvider(
          KeycloakOrgEntityProvider.fromConfig(
            { config, logger: noticingWarnings(logger) },
            { scheduler: runByRun(scheduler) },
          ).map(
            (provider): EntityProvider => ({
              getProviderName: () => provider.getProviderName(),
              connect: connection =>
                provider.connect(completeRunsOnly(connection)),
            }),
          ),
        );
      },
    });
  },
});
