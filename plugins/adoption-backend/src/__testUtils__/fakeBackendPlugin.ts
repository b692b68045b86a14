import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import type { Request, Router as ExpressRouter } from 'express';
import Router from 'express-promise-router';

/**
 * A backend plugin `pluginId` serving the routes `addRoutes` puts on its router, as
 * the real plugin's HTTP API does, for backend service callers only: each route
 * calls `serviceCaller(req)` first, which refuses anyone else (401/403, as the
 * real backends) and records the subject in `callers`.
 */
export function fakeBackendPlugin(
  pluginId: string,
  addRoutes: (
    router: ExpressRouter,
    serviceCaller: (req: Request) => Promise<void>,
  ) => void,
) {
  const callers: string[] = [];
  const plugin = createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = Router();
          addRoutes(router, async req => {
            const credentials = await httpAuth.credentials(req, {
              allow: ['service'],
            });
            callers.push(credentials.principal.subject);
          });
          httpRouter.use(router);
        },
      });
    },
  });
  return { plugin, callers };
}
