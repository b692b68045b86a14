import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';
import {
  coreServices,
  createServiceFactory,
  HttpRouterService,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { createPermissionGate, isSafeMethod } from '../gates/permissionGate';
import { bookstoreSchedulerTriggerPermission } from '../permissions';

/** Where the scheduler serves its task list, triggers and cancellations. */
const SCHEDULER_PATH = '/.backstage/scheduler/';

/**
 * The scheduler service of every plugin, as the default one
 * (`DefaultSchedulerService` of `@backstage/backend-defaults`), except that its HTTP routes
 * other than reads (`POST …/tasks/:id/trigger`, `…/cancel`) need
 * `bookstore.scheduler.trigger` (admins in the portal's policy; backend services are
 * allowed). The task list stays readable by every signed-in user.
 *
 * Add it to the backend's features to replace the default scheduler factory.
 *
 * @public
 */
export const gatedSchedulerServiceFactory = createServiceFactory({
  service: coreServices.scheduler,
  deps: {
    database: coreServices.database,
    logger: coreServices.logger,
    rootLifecycle: coreServices.rootLifecycle,
    httpRouter: coreServices.httpRouter,
    pluginMetadata: coreServices.pluginMetadata,
    metrics: metricsServiceRef,
    httpAuth: coreServices.httpAuth,
    permissions: coreServices.permissions,
  },
  async factory({ httpRouter, httpAuth, permissions, ...services }) {
    const gate = createPermissionGate({
      httpAuth,
      permissions,
      permission: bookstoreSchedulerTriggerPermission,
      applies: req =>
        !isSafeMethod(req.method) && req.path.startsWith(SCHEDULER_PATH),
    });
    // The scheduler mounts one router with its routes; every request to the plugin passes
    // through it, so the gate picks the scheduler's own paths.
    const gatedRouter: HttpRouterService = {
      use(handler) {
        httpRouter.use((req, res, next) =>
          gate(req, res, error =>
            error ? next(error) : handler(req, res, next),
          ),
        );
      },
      addAuthPolicy: policy => httpRouter.addAuthPolicy(policy),
    };
    return DefaultSchedulerService.create({
      ...services,
      httpRouter: gatedRouter,
    });
  },
});
