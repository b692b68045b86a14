import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** A scaffolder task as the adoption figures need it. */
export interface TemplateRun {
  createdAt: Date;
  /** `open`, `processing`, `completed`, `failed`, `cancelled`, … */
  status: string;
}

const PAGE_SIZE = 100;
/** At most this many tasks are read for one summary (100 pages). */
const MAX_TASKS = 10_000;

/**
 * Reads the scaffolder's tasks through its HTTP API (`GET /v2/tasks`, newest
 * first, page by page) with this plugin's service credentials, which the
 * permission framework lets read every task.
 */
export class ScaffolderTasks {
  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
    },
  ) {}

  /** The tasks created at or after `from`, newest first. */
  async createdSince(from: Date): Promise<TemplateRun[]> {
    const { auth, discovery } = this.deps;
    const baseUrl = await discovery.getBaseUrl('scaffolder');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    const runs: TemplateRun[] = [];
    for (let offset = 0; offset < MAX_TASKS; offset += PAGE_SIZE) {
      const params = new URLSearchParams({
        order: 'desc:created_at',
        limit: String(PAGE_SIZE),
        offset: String(offset),
      });
      const response = await fetch(`${baseUrl}/v2/tasks?${params}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      const page: { tasks: Array<{ createdAt: string; status: string }> } =
        await response.json();
      for (const task of page.tasks) {
        const createdAt = new Date(task.createdAt);
        if (createdAt < from) {
          return runs;
        }
        runs.push({ createdAt, status: task.status });
      }
      if (page.tasks.length < PAGE_SIZE) {
        return runs;
      }
    }
    return runs;
  }
}
