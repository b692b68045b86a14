import { CustomErrorBase } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';

/** The topic the scaffolder publishes its tasks' status changes on (cancel, completion). */
export const SCAFFOLDER_TASK_TOPIC = 'scaffolder.task';

/** A step of a cancelled task stopped before, or instead of, a side effect. */
export class TaskCancelledError extends CustomErrorBase {
  name = 'TaskCancelledError' as const;
}

/**
 * The cancellations of scaffolder tasks, as soon as this backend instance hears of them.
 *
 * The scaffolder (4.2) aborts a task's `ctx.signal` only when its worker next polls the
 * task's events, once a second: a step that starts, or a side effect that runs, in that
 * second goes ahead after the cancel was answered. The cancel route also publishes
 * `{ taskId, status: 'cancelled' }` on the `scaffolder.task` topic of the events
 * service, in process and at once; this class listens to it, so that the actions'
 * signal aborts when the cancel is recorded. A cancel answered by another replica still
 * reaches the action through `ctx.signal`.
 */
export class TaskCancellations {
  readonly #controllers = new Map<string, AbortController>();

  static async create(events: EventsService): Promise<TaskCancellations> {
    const cancellations = new TaskCancellations();
    await events.subscribe({
      id: 'bookstore-task-cancellations',
      topics: [SCAFFOLDER_TASK_TOPIC],
      onEvent: async ({ eventPayload }) =>
        cancellations.#onTaskEvent(eventPayload),
    });
    return cancellations;
  }

  #controller(taskId: string): AbortController {
    let controller = this.#controllers.get(taskId);
    if (!controller) {
      controller = new AbortController();
      this.#controllers.set(taskId, controller);
    }
    return controller;
  }

  #onTaskEvent(payload: unknown) {
    const { status, taskId, id } = (payload ?? {}) as Record<string, unknown>;
    if (status === 'cancelled' && typeof taskId === 'string') {
      this.#controller(taskId).abort(
        new TaskCancelledError(`task ${taskId} was cancelled`),
      );
    } else if (
      (status === 'completed' || status === 'failed') &&
      typeof id === 'string'
    ) {
      // The task ended (its completion event carries its id): nothing waits on it any more.
      this.#controllers.delete(id);
    }
  }

  /** The signal of a step of task `taskId`: aborts on the cancel event or on `signal`. */
  signalOf(taskId: string, signal?: AbortSignal): AbortSignal {
    const own = this.#controller(taskId).signal;
    return signal ? AbortSignal.any([own, signal]) : own;
  }
}

/**
 * The signal an action checks before each side effect: the task's own
 * (`ctx.signal`), sooner through `cancellations` when the backend has them.
 */
export function stepSignal(
  ctx: { task: { id: string }; signal?: AbortSignal },
  cancellations?: TaskCancellations,
): AbortSignal {
  if (cancellations) {
    return cancellations.signalOf(ctx.task.id, ctx.signal);
  }
  return ctx.signal ?? new AbortController().signal;
}

/**
 * Throws a TaskCancelledError when the task was cancelled:
 * "The task was cancelled; <consequence>" (e.g. "nothing was published").
 */
export function throwIfCancelled(signal: AbortSignal, consequence: string) {
  if (signal.aborted) {
    throw new TaskCancelledError(`The task was cancelled; ${consequence}`);
  }
}
