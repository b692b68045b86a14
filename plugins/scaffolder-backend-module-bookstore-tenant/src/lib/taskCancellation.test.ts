import { mockServices } from '@backstage/backend-test-utils';
import {
  SCAFFOLDER_TASK_TOPIC,
  stepSignal,
  TaskCancellations,
  TaskCancelledError,
  throwIfCancelled,
} from './taskCancellation';

/** The events the scaffolder's task store publishes, as it publishes them. */
const cancelEvent = (taskId: string) => ({
  topic: SCAFFOLDER_TASK_TOPIC,
  eventPayload: { id: 42, taskId, status: 'cancelled', body: {} },
});
const completionEvent = (taskId: string, status: string) => ({
  topic: SCAFFOLDER_TASK_TOPIC,
  eventPayload: { id: taskId, status, createdBy: 'user:default/alice' },
});

describe('TaskCancellations', () => {
  it("aborts a running step's signal when its task's cancel is published, and only its task's", async () => {
    const events = mockServices.events();
    const cancellations = await TaskCancellations.create(events);
    const mine = cancellations.signalOf('task-1');
    const other = cancellations.signalOf('task-2');
    await events.publish(cancelEvent('task-1'));
    expect(mine.aborted).toBe(true);
    expect(mine.reason).toBeInstanceOf(TaskCancelledError);
    expect(other.aborted).toBe(false);
  });

  it('aborts a step that starts after the cancel', async () => {
    const events = mockServices.events();
    const cancellations = await TaskCancellations.create(events);
    await events.publish(cancelEvent('task-1'));
    expect(cancellations.signalOf('task-1').aborted).toBe(true);
  });

  it('forgets a task once it ended, so that a retry of it runs', async () => {
    const events = mockServices.events();
    const cancellations = await TaskCancellations.create(events);
    await events.publish(cancelEvent('task-1'));
    await events.publish(completionEvent('task-1', 'failed'));
    expect(cancellations.signalOf('task-1').aborted).toBe(false);
  });

  it("aborts with the task's own signal too (a cancel answered by another replica)", async () => {
    const cancellations = await TaskCancellations.create(mockServices.events());
    const controller = new AbortController();
    const signal = cancellations.signalOf('task-1', controller.signal);
    controller.abort();
    expect(signal.aborted).toBe(true);
  });
});

describe('stepSignal and throwIfCancelled', () => {
  it('use ctx.signal without cancellations and name what was not done', () => {
    const ctx = { task: { id: 't' }, signal: AbortSignal.abort() };
    expect(() =>
      throwIfCancelled(stepSignal(ctx), 'nothing was published'),
    ).toThrow(
      new TaskCancelledError('The task was cancelled; nothing was published'),
    );
    expect(() =>
      throwIfCancelled(stepSignal({ task: { id: 't' } }), 'x'),
    ).not.toThrow();
  });
});
