import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { bookstoreIntegrationWritePermission } from '../permissions';
import { createPermissionGate, isSafeMethod } from './permissionGate';

/**
 * A module for the integration backend `pluginId` that mounts, ahead of the plugin's own
 * routes, a gate refusing every request that is not a read (GET, HEAD, OPTIONS) unless the
 * caller holds `bookstore.integration.write`. A plugin's modules are initialised before the
 * plugin itself, so the gate is the first handler on the plugin's router.
 */
export function createIntegrationWriteGateModule(pluginId: string) {
  return createBackendModule({
    pluginId,
    moduleId: 'bookstore-write-gate',
    register(reg) {
      reg.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
        },
        async init({ httpRouter, httpAuth, permissions }) {
          httpRouter.use(
            createPermissionGate({
              httpAuth,
              permissions,
              permission: bookstoreIntegrationWritePermission,
              applies: req => !isSafeMethod(req.method),
            }),
          );
        },
      });
    },
  });
}

/**
 * PagerDuty's backend (`@pagerduty/backstage-plugin-backend`) for reading only, except for
 * admins and backend services: its settings, entity mappings, service dependencies,
 * integrations and custom fields are changed with POST/PUT/PATCH/DELETE, none of which
 * the plugin checks a permission for.
 *
 * @public
 */
export const pagerDutyModuleWriteGate =
  createIntegrationWriteGateModule('pagerduty');

/**
 * Argo CD's backend (`@roadiehq/backstage-plugin-argo-cd-backend`) for reading only, except
 * for admins and backend services: create, update, delete, sync and terminate are
 * POST/PUT/DELETE routes the plugin answers for anyone.
 *
 * @public
 */
export const argoCdModuleWriteGate = createIntegrationWriteGateModule('argocd');
