import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { permissionsGranting } from '../__testUtils__/permissionsDouble';
import { gatedSchedulerServiceFactory } from './schedulerServiceFactory';

const TASK = 'collator:refresh';
const TASKS = '/api/search/.backstage/scheduler/v1/tasks';

/** A plugin with one task that only runs when triggered, and a write route of its own. */
function pluginWithTask(runs: string[]) {
  return createBackendPlugin({
    pluginId: 'search',
    register(reg) {
      reg.registerInit({
        deps: {
          scheduler: coreServices.scheduler,
          httpRouter: coreServices.httpRouter,
        },
        async init({ scheduler, httpRouter }) {
          await scheduler.scheduleTask({
            id: TASK,
            scope: 'local',
            frequency: { years: 1 },
            initialDelay: { years: 1 },
            timeout: { minutes: 1 },
            fn: async () => {
              runs.push(TASK);
            },
          });
          httpRouter.use((req, res, next) =>
            req.path === '/query' ? res.json({ results: [] }) : next(),
          );
        },
      });
    },
  });
}

async function until(what: string, check: () => boolean) {
  for (let i = 0; !check(); i++) {
    if (i > 400) {
      throw new Error(`never happened: ${what}`);
    }
    await new Promise(r => setTimeout(r, 50));
  }
}

describe('gatedSchedulerServiceFactory', () => {
  const bob = mockCredentials.user.header('user:default/bob');
  const carol = mockCredentials.user.header('user:default/carol');

  async function start() {
    const runs: string[] = [];
    const permissions = permissionsGranting(['user:default/carol']);
    const backend = await startTestBackend({
      features: [
        pluginWithTask(runs),
        gatedSchedulerServiceFactory,
        permissions.factory,
      ],
    });
    return { backend, runs, asked: permissions.asked };
  }

  it('lists the tasks for every signed-in user', async () => {
    const { backend, asked } = await start();
    const response = await request(backend.server)
      .get(TASKS)
      .set('Authorization', bob);
    expect(response.status).toBe(200);
    expect(
      response.body.tasks.map((t: { taskId: string }) => t.taskId),
    ).toEqual([TASK]);
    expect(asked).toEqual([]);
    await backend.stop();
  });

  it('refuses triggering and cancelling to a user without bookstore.scheduler.trigger; the task does not run', async () => {
    const { backend, runs, asked } = await start();
    for (const action of ['trigger', 'cancel']) {
      const response = await request(backend.server)
        .post(`${TASKS}/${TASK}/${action}`)
        .set('Authorization', bob);
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        `POST ${TASKS}/${TASK}/${action} needs the permission bookstore.scheduler.trigger`,
      );
    }
    expect(asked.map(a => a.permission)).toEqual([
      'bookstore.scheduler.trigger',
      'bookstore.scheduler.trigger',
    ]);
    // A trigger carol sends after bob's runs the task once: bob's never did.
    await request(backend.server)
      .post(`${TASKS}/${TASK}/trigger`)
      .set('Authorization', carol)
      .expect(200);
    await until('the task ran', () => runs.length > 0);
    expect(runs).toEqual([TASK]);
    await backend.stop();
  });

  it('lets backend services trigger, and leaves the plugin’s other routes alone', async () => {
    const { backend, runs, asked } = await start();
    await request(backend.server)
      .post(`${TASKS}/${TASK}/trigger`)
      .set('Authorization', mockCredentials.service.header())
      .expect(200);
    await until('the task ran', () => runs.length > 0);
    const query = await request(backend.server)
      .post('/api/search/query')
      .set('Authorization', bob);
    expect(query.status).toBe(200);
    expect(asked.map(a => a.principal)).toEqual([
      mockCredentials.service().principal.subject,
    ]);
    await backend.stop();
  });
});
