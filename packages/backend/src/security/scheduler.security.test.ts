import type { Server } from 'node:http';
import {
  SERVICE_TOKEN,
  SignedIn,
  as,
  startSecurityBackend,
} from '../__testUtils__/securityBackend';

jest.setTimeout(240_000);

/** Every plugin of the portal's backend (packages/backend/src/features.ts). */
const PLUGINS = [
  'app',
  'proxy',
  'auth',
  'catalog',
  'scaffolder',
  'techdocs',
  'search',
  'permission',
  'kubernetes',
  'argocd',
  'pagerduty',
  'bookstore-tenant',
  'tech-insights',
  'user-settings',
  'notifications',
  'signals',
];

interface TaskSummary {
  taskId: string;
  pluginId: string;
  taskState: unknown;
}

/**
 * The tenant provider's full run, configured below to run once at start and then every two
 * hours: after its first run it runs again only when triggered.
 */
const QUIET_TASK = {
  pluginId: 'catalog',
  taskId: 'crossplane-tenant-provider:default:refresh',
};

/**
 * Issue 12, item 9: every plugin serves its scheduled tasks under
 * `/.backstage/scheduler/v1/tasks`; triggering and cancelling them is for admins and backend
 * services only.
 */
describe('scheduled tasks: triggered by admins and backend services only', () => {
  let backend: Awaited<ReturnType<typeof startSecurityBackend>>;
  let server: Server;
  let bob: SignedIn;
  let carol: SignedIn;
  /** A plugin's tasks, or undefined for a plugin that schedules none (no scheduler routes). */
  const tasksOf = async (pluginId: string, who: SignedIn | string) => {
    const response = await as(server, who).get(
      `/api/${pluginId}/.backstage/scheduler/v1/tasks`,
    );
    if (response.status === 404) {
      return undefined;
    }
    expect({ pluginId, status: response.status }).toEqual({
      pluginId,
      status: 200,
    });
    return response.body.tasks as TaskSummary[];
  };
  const stateOf = async (task: typeof QUIET_TASK) =>
    (await tasksOf(task.pluginId, SERVICE_TOKEN))!.find(
      t => t.taskId === task.taskId,
    )!.taskState as {
      status: string;
      startsAt?: string;
      lastRunEndedAt?: string;
    };
  const send = (
    who: SignedIn | string,
    { pluginId, taskId }: { pluginId: string; taskId: string },
    action: 'trigger' | 'cancel',
  ) =>
    as(server, who).post(
      `/api/${pluginId}/.backstage/scheduler/v1/tasks/${encodeURIComponent(
        taskId,
      )}/${action}`,
    );

  beforeAll(async () => {
    backend = await startSecurityBackend([
      {
        catalog: {
          providers: {
            crossplaneTenants: {
              default: {
                schedule: {
                  frequency: { hours: 2 },
                  timeout: { minutes: 5 },
                  initialDelay: { seconds: 1 },
                },
              },
            },
          },
        },
        // Configured, so that the PagerDuty backend schedules its sync-log clean-up.
        pagerDuty: {
          apiBaseUrl: 'http://127.0.0.1:9/unused',
          apiToken: 'unused',
        },
      },
    ]);
    ({ server, bob, carol } = backend);
  });

  afterAll(async () => {
    await backend?.backend.stop();
  });

  it("refuses bob triggering or cancelling any plugin's tasks, listed or made up", async () => {
    const tasks: TaskSummary[] = [];
    const scheduling: string[] = [];
    const notScheduling: string[] = [];
    for (const pluginId of PLUGINS) {
      const listed = await tasksOf(pluginId, bob);
      (listed ? scheduling : notScheduling).push(pluginId);
      tasks.push(...(listed ?? []));
    }
    // The catalog's, search's, the tenant provider's, PagerDuty's, …
    expect(scheduling).toEqual(
      expect.arrayContaining(['catalog', 'search', 'pagerduty']),
    );
    expect(tasks.map(t => t.taskId)).toEqual(
      expect.arrayContaining([
        QUIET_TASK.taskId,
        'pagerduty-custom-field-sync-logs-cleanup',
      ]),
    );
    const targets = [
      ...tasks,
      ...scheduling.map(pluginId => ({ pluginId, taskId: 'no-such-task' })),
    ];
    for (const task of targets) {
      for (const action of ['trigger', 'cancel'] as const) {
        const response = await send(bob, task, action);
        expect({ ...task, action, status: response.status }).toMatchObject({
          ...task,
          action,
          status: 403,
        });
        // The integrations' write gate, mounted first, refuses it before the scheduler's.
        expect(response.body.error.message).toContain(
          ['pagerduty', 'argocd'].includes(task.pluginId)
            ? 'needs the permission bookstore.integration.write'
            : 'needs the permission bookstore.scheduler.trigger',
        );
      }
    }
    // Plugins without tasks serve no scheduler routes at all (404; Argo CD's write gate
    // refuses any POST first, 403).
    for (const pluginId of notScheduling) {
      const response = await send(
        bob,
        { pluginId, taskId: 'no-such-task' },
        'trigger',
      );
      expect({ pluginId, status: response.status }).toEqual({
        pluginId,
        status: pluginId === 'argocd' ? 403 : 404,
      });
    }
  });

  it("leaves a task bob triggered as it was; carol's trigger runs it", async () => {
    const ranAfter = async (previous: string | undefined) => {
      for (let i = 0; ; i++) {
        const state = await stateOf(QUIET_TASK);
        if (state.lastRunEndedAt && state.lastRunEndedAt !== previous) {
          return state;
        }
        if (i > 480) {
          throw new Error(`the task did not run: ${JSON.stringify(state)}`);
        }
        await new Promise(r => setTimeout(r, 250));
      }
    };
    // Its first run, at start.
    const before = await ranAfter(undefined);
    expect(before.status).toBe('idle');
    await send(bob, QUIET_TASK, 'trigger').expect(403);
    expect(await stateOf(QUIET_TASK)).toEqual(before);

    await send(carol, QUIET_TASK, 'trigger').expect(200);
    const after = await ranAfter(before.lastRunEndedAt);
    expect(after.lastRunEndedAt! > before.lastRunEndedAt!).toBe(true);
  });

  it('lets a backend service trigger, and carol cancel', async () => {
    const task = {
      pluginId: 'pagerduty',
      taskId: 'pagerduty-custom-field-sync-logs-cleanup',
    };
    await send(SERVICE_TOKEN, task, 'trigger').expect(200);
    // 200 if the clean-up is running by now, else 409 (not running): not refused.
    const cancel = await send(carol, task, 'cancel');
    expect([200, 409]).toContain(cancel.status);
  });
});
