import type { Server } from 'node:http';
import { SignedIn, as } from './securityBackend';

/** How a task ended, as its page shows it: status, log lines, the steps that failed. */
export interface FinishedTask {
  status: string;
  log: string;
  failedSteps: string[];
}

/** Submits a task as `who` and returns the scaffolder's answer (201 with the id, or the 400). */
export function submitTask(
  server: Server,
  who: SignedIn,
  templateRef: string,
  values: Record<string, unknown>,
) {
  return as(server, who).post('/api/scaffolder/v2/tasks', {
    templateRef,
    values,
  });
}

/** Runs a task as `who` over the scaffolder's API, polling until it ends. */
export async function runTask(
  server: Server,
  who: SignedIn,
  templateRef: string,
  values: Record<string, unknown>,
): Promise<FinishedTask> {
  const created = await submitTask(server, who, templateRef, values);
  if (created.status !== 201) {
    throw new Error(
      `submitting ${templateRef} answered ${created.status}: ${created.text}`,
    );
  }
  const id: string = created.body.id;
  let status = 'open';
  while (!['completed', 'failed', 'cancelled'].includes(status)) {
    await new Promise(r => setTimeout(r, 100));
    status = (await as(server, who).get(`/api/scaffolder/v2/tasks/${id}`)).body
      .status;
  }
  const events: Array<{
    body: { message?: string; stepId?: string; status?: string };
  }> = (await as(server, who).get(`/api/scaffolder/v2/tasks/${id}/events`))
    .body;
  return {
    status,
    log: events.map(e => e.body.message ?? '').join('\n'),
    failedSteps: events
      .filter(e => e.body.status === 'failed' && e.body.stepId)
      .map(e => e.body.stepId!),
  };
}
