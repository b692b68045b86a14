import { controlUrl } from './ports';

/** What the launcher (servers/start.ts) tells the journeys about this run. */
export interface E2eState {
  appUrl: string;
  backendUrl: string;
  /** The per-run temporary directory. */
  runDir: string;
  /** bookstore.publish.local.directory: `<name>.git` bare repositories and `<name>/` clones. */
  gitDir: string;
  argoCdUrl: string;
  pagerDutyUrl: string;
  clusters: Array<{ name: string; region: string; url: string }>;
}

async function call<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${controlUrl}${path}`, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(
      `control API ${method} ${path} answered ${response.status}: ${text}`,
    );
  }
  return JSON.parse(text) as T;
}

/** The journeys' handle on the fakes; see startControlApi in servers/start.ts. */
export const control = {
  state: () => call<E2eState>('GET', '/state'),

  /** The cluster stops answering (503, watches end) until {@link control.recover}. */
  outage: (cluster: string, status = 503) =>
    call<{ requests: number }>('POST', `/clusters/${cluster}/outage`, {
      status,
    }),

  recover: (cluster: string) =>
    call<unknown>('POST', `/clusters/${cluster}/recover`, {}),

  /** The requests a cluster received, from the `since`-th on. */
  requests: (cluster: string, since = 0) =>
    call<{
      total: number;
      requests: Array<{
        method: string;
        path: string;
        query: Record<string, string>;
      }>;
    }>('GET', `/clusters/${cluster}/requests?since=${since}`),

  /**
   * GitOps applies the BookstoreTenant claims of a manifest (Crossplane reconciles them)
   * and gives its Argo CD Applications to Argo CD (which syncs them).
   */
  gitopsSync: (manifest: string) =>
    call<{
      applied: Array<{ cluster: string; path: string }>;
      deployed: string[];
    }>('POST', '/gitops/sync', {
      manifest,
    }),
};
