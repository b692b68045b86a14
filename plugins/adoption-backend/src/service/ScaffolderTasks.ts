import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';

/** A scaffolder task as the adoption figures need it. */
export interface TemplateRun {
  id: string;
  createdAt: Date;
  /** `open`, `processing`, `completed`, `failed`, `cancelled`, … */
  status: string;
}

/** What a task's `completion` event says. */
export interface TaskCompletion {
  /** When the task completed (the event's `createdAt`). */
  completedAt: Date;
  /** The Component of its output (`entityRef`, else a link's), in lower case; null when none. */
  entityRef: string | null;
}

/** One event of `GET /v2/tasks/:taskId/events`, as the scaffolder serialises it. */
interface SerializedTaskEvent {
  id: number;
  taskId: string;
  type: 'log' | 'completion' | 'cancelled' | 'recovered';
  createdAt: string;
  body: {
    message: string;
    output?: {
      entityRef?: unknown;
      links?: Array<{ entityRef?: unknown }>;
    };
  };
}

const PAGE_SIZE = 100;
/** At most this many tasks are read for one summary (100 pages). */
const MAX_TASKS = 10_000;
/** One request to the scaffolder. */
const REQUEST_TIMEOUT_MS = 30_000;

/** `component:<namespace>/<name>` in lower case, or null for anything else. */
export function componentRef(value: unknown): string | null {
  if (typeof value !== 'string') {
    return null;
  }
  try {
    const ref = parseEntityRef(value);
    return ref.kind.toLocaleLowerCase('en-US') === 'component'
      ? stringifyEntityRef(ref).toLocaleLowerCase('en-US')
      : null;
  } catch {
    return null;
  }
}

/**
 * The Component a run created: its output's `entityRef` (the scaffolder's
 * convention), else the first link to a Component (the golden path's
 * "Open in catalog" link).
 */
function outputComponent(
  output: SerializedTaskEvent['body']['output'],
): string | null {
  const links = Array.isArray(output?.links) ? output!.links : [];
  for (const candidate of [
    output?.entityRef,
    ...links.map(link => link?.entityRef),
  ]) {
    const ref = componentRef(candidate);
    if (ref) {
      return ref;
    }
  }
  return null;
}

/**
 * Reads the scaffolder's tasks through its HTTP API (`GET /v2/tasks`, newest
 * first, page by page, and `GET /v2/tasks/:taskId/events`) with this plugin's
 * service credentials, which the permission framework lets read every task.
 */
export class ScaffolderTasks {
  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
    },
  ) {}

  private async request<T>(path: string): Promise<T> {
    const { auth, discovery } = this.deps;
    const baseUrl = await discovery.getBaseUrl('scaffolder');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  /** The tasks created at or after `from`, newest first. */
  async createdSince(from: Date): Promise<TemplateRun[]> {
    const runs: TemplateRun[] = [];
    for (let offset = 0; offset < MAX_TASKS; offset += PAGE_SIZE) {
      const params = new URLSearchParams({
        order: 'desc:created_at',
        limit: String(PAGE_SIZE),
        offset: String(offset),
      });
      const page = await this.request<{
        tasks: Array<{ id: string; createdAt: string; status: string }>;
      }>(`/v2/tasks?${params}`);
      for (const task of page.tasks) {
        const createdAt = new Date(task.createdAt);
        if (createdAt < from) {
          return runs;
        }
        runs.push({ id: task.id, createdAt, status: task.status });
      }
      if (page.tasks.length < PAGE_SIZE) {
        return runs;
      }
    }
    return runs;
  }

  /**
   * The completion of a finished task, from its `completion` event (the
   * scaffolder keeps no completion time on the task itself); undefined when
   * it has none or the task is gone.
   */
  async completion(taskId: string): Promise<TaskCompletion | undefined> {
    let events: SerializedTaskEvent[];
    try {
      events = await this.request<SerializedTaskEvent[]>(
        `/v2/tasks/${encodeURIComponent(taskId)}/events`,
      );
    } catch (error) {
      // Deleted since it was listed (the scaffolder's clean-up of old tasks).
      if (error instanceof ResponseError && error.statusCode === 404) {
        return undefined;
      }
      throw error;
    }
    const completion = events.filter(e => e.type === 'completion').at(-1);
    if (!completion) {
      return undefined;
    }
    return {
      completedAt: new Date(completion.createdAt),
      entityRef: outputComponent(completion.body.output),
    };
  }
}
