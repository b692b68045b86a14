import { NotFoundError } from '@backstage/errors';
import { fakeBackendPlugin } from './fakeBackendPlugin';

/** A task as the scaffolder's `GET /v2/tasks` serialises it, and how it ended. */
export interface FakeTask {
  id: string;
  status: string;
  createdAt: string;
  /** When it finished: the `createdAt` of its `completion` event. */
  completedAt?: string;
  /** The template's rendered `output` (completed tasks). */
  output?: Record<string, unknown>;
}

/**
 * A `scaffolder` plugin answering `GET /v2/tasks` as the scaffolder backend
 * does (`{ tasks, totalTasks }`, `order=desc:created_at`, `limit`, `offset`)
 * and `GET /v2/tasks/:taskId/events` (its events, a log line then the
 * `completion` event whose body carries `output` or `error`), for backend
 * service callers only; records the subjects that asked and the tasks whose
 * events were read.
 */
export function fakeScaffolder(tasks: FakeTask[]) {
  const eventsRead: string[] = [];
  const { plugin, callers } = fakeBackendPlugin(
    'scaffolder',
    (router, serviceCaller) => {
      router.get('/v2/tasks', async (req, res) => {
        await serviceCaller(req);
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
            id: task.id,
            status: task.status,
            createdAt: task.createdAt,
            spec: {},
            lastHeartbeatAt: task.completedAt ?? task.createdAt,
            createdBy: 'user:default/alice',
          })),
          totalTasks: tasks.length,
        });
      });
      router.get('/v2/tasks/:taskId/events', async (req, res) => {
        await serviceCaller(req);
        const task = tasks.find(t => t.id === req.params.taskId);
        if (!task) {
          throw new NotFoundError(
            `Task with id ${req.params.taskId} does not exist`,
          );
        }
        eventsRead.push(task.id);
        const events: object[] = [
          {
            id: 1,
            taskId: task.id,
            body: {
              message: 'Beginning step Fetch skeleton',
              stepId: 'fetch',
              status: 'processing',
            },
            type: 'log',
            createdAt: task.createdAt,
          },
        ];
        if (task.completedAt) {
          events.push({
            id: 2,
            taskId: task.id,
            body: {
              message: `Run completed with status: ${task.status}`,
              ...(task.status === 'completed'
                ? { output: task.output ?? {} }
                : { error: { name: 'Error', message: 'step failed' } }),
            },
            type: 'completion',
            createdAt: task.completedAt,
          });
        }
        res.json(events);
      });
    },
  );
  return { plugin, callers, eventsRead };
}
