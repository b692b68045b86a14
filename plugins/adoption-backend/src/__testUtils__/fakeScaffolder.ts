import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';

/** A task as the scaffolder's `GET /v2/tasks` serialises it. */
export interface FakeTask {
  id: string;
  status: string;
  createdAt: string;
}

/**
 * A `scaffolder` plugin answering `GET /v2/tasks` as the scaffolder backend
 * does (`{ tasks, totalTasks }`, `order=desc:created_at`, `limit`, `offset`),
 * for backend service callers only; records the subjects that asked.
 */
export function fakeScaffolder(tasks: FakeTask[]) {
  const callers: string[] = [];
  const plugin = createBackendPlugin({
    pluginId: 'scaffolder',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = Router();
          router.get('/v2/tasks', async (req, res) => {
            const credentials = await httpAuth.credentials(req, {
              allow: ['service'],
            });
            callers.push(credentials.principal.subject);
            if (req.query.order !== 'desc:created_at') {
              throw new Error(`unexpected order ${req.query.order}`);
            }
            const offset = Number(req.query.offset ?? 0);
            const limit = Number(req.query.limit ?? tasks.length);
            const sorted = [...tasks].sort((a, b) =>
              b.createdAt.localeCompare(a.createdAt),
            );
            res.json({
              tasks: sorted.slice(offset, offset + limit).map(task => ({
                ...task,
                spec: {},
                lastHeartbeatAt: task.createdAt,
                createdBy: 'user:default/alice',
              })),
              totalTasks: tasks.length,
            });
          });
          httpRouter.use(router);
        },
      });
    },
  });
  return { plugin, callers };
}
