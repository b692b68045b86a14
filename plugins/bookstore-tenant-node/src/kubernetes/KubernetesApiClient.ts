import { NotImplementedError } from '@backstage/errors';
import { existsSync, readFileSync } from 'node:fs';
import { Agent, fetch } from 'undici';
import { httpFailure, kubernetesError, transportFailure } from './errors';
import { KubernetesClusterConfig } from './readKubernetesClusters';

/** The token file of the pod's service account, used when no token is configured. */
export const IN_CLUSTER_TOKEN_PATH =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Where a Kubernetes object lives in the API. */
export interface KubernetesObjectRef {
  /** The API group; `''` for the core group (`/api/v1`). */
  group: string;
  version: string;
  /** The resource's plural, as in API paths: `bookstoretenants`. */
  plural: string;
  /** Absent for cluster-scoped resources. */
  namespace?: string;
}

/** A named Kubernetes object. */
export interface KubernetesNamedObjectRef extends KubernetesObjectRef {
  name: string;
}

/** The parts of a Kubernetes object the client relies on. */
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

/** Options of a server-side apply. */
export interface ApplyOptions {
  /** The field manager that owns the applied fields, e.g. `bookstore-portal`. */
  fieldManager: string;
  /** Take over fields owned by other managers instead of failing with 409. Default false. */
  force?: boolean;
  /** Let the API server validate without persisting (`dryRun=All`). Default false. */
  dryRun?: boolean;
  signal?: AbortSignal;
}

/** What a server-side apply returns. */
export interface ApplyResult<T> {
  object: T;
  /** True when the object did not exist before (the server answered 201). */
  created: boolean;
}

/** An entry of a discovery document (APIResourceList). */
export interface KubernetesApiResource {
  /** The plural, as in API paths; `<plural>/<subresource>` for subresources. */
  name: string;
  kind: string;
  namespaced: boolean;
}

/** One page of a list, as the API server answers it. */
export interface KubernetesList<T> {
  items: T[];
  metadata: {
    /** The collection's version: where a watch starts from. */
    resourceVersion?: string;
    /** Present when there are more pages: pass it as `continue`. */
    continue?: string;
  };
}

/** Options of a list call. */
export interface ListOptions {
  /** At most this many items per page; the server may return fewer. */
  limit?: number;
  /** The `metadata.continue` token of the previous page. */
  continue?: string;
  labelSelector?: string;
  fieldSelector?: string;
  signal?: AbortSignal;
}

/** An event of a watch stream. `ERROR` carries a `Status` (410 Gone: the version is too old). */
export type WatchEvent<T> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T }
  | { type: 'BOOKMARK'; object: { metadata: { resourceVersion: string } } }
  | {
      type: 'ERROR';
      object: { code?: number; reason?: string; message?: string };
    };

/** Options of a watch. */
export interface WatchOptions {
  /** Where to start: the `resourceVersion` of the list the caller holds. */
  resourceVersion: string;
  /** How long the server keeps the stream open before closing it (it then ends normally). Default 300. */
  timeoutSeconds?: number;
  labelSelector?: string;
  fieldSelector?: string;
  /** Stops the watch; the returned promise then resolves. */
  signal?: AbortSignal;
}

/** Options of {@link KubernetesApiClient}. */
export interface KubernetesApiClientOptions {
  cluster: KubernetesClusterConfig;
  /** How long one request may take, answer and body included. Default 10 s. */
  timeoutMs?: number;
}

interface RequestOptions {
  method: 'GET' | 'PATCH' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: string;
  contentType?: string;
  signal?: AbortSignal;
}

/** The API path of a collection (no name) or an object. */
export function kubernetesApiPath(
  ref: KubernetesObjectRef & { name?: string },
): string {
  const base = ref.group
    ? `/apis/${ref.group}/${ref.version}`
    : `/api/${ref.version}`;
  const namespace = ref.namespace
    ? `/namespaces/${encodeURIComponent(ref.namespace)}`
    : '';
  const name = ref.name ? `/${encodeURIComponent(ref.name)}` : '';
  return `${base}${namespace}/${ref.plural}${name}`;
}

function describeTransportError(error: unknown): {
  reason: 'TLSError' | 'ConnectionError';
  detail: string;
} {
  // undici wraps the socket error: TypeError('fetch failed', { cause })
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const code = String((cause as { code?: unknown })?.code ?? '');
  const message = (cause as { message?: unknown })?.message ?? String(cause);
  const isTls =
    /^ERR_TLS_|^ERR_SSL_|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code);
  return isTls
    ? {
        reason: 'TLSError',
        detail: `TLS error: ${message}${code ? ` (${code})` : ''}`,
      }
    : {
        reason: 'ConnectionError',
        detail: `could not connect: ${message}${code ? ` (${code})` : ''}`,
      };
}

/**
 * A small client for one cluster's API server, over undici with its own
 * connection pool (the cluster's CA, or no verification when configured).
 *
 * Every failure is a `@backstage/errors` error naming the cluster, with the
 * details in `error.kubernetes` (see `getKubernetesFailure`).
 */
export class KubernetesApiClient {
  readonly clusterName: string;
  readonly #baseUrl: string;
  readonly #token: string | undefined;
  readonly #dispatcher: Agent;
  readonly #timeoutMs: number;

  constructor(options: KubernetesApiClientOptions) {
    const { cluster } = options;
    if (cluster.authProvider !== 'serviceAccount') {
      throw new NotImplementedError(
        `Kubernetes cluster ${cluster.name} uses authProvider '${cluster.authProvider}' (${cluster.configKey}.authProvider); the bookstore Kubernetes client supports serviceAccount only`,
      );
    }
    this.clusterName = cluster.name;
    this.#baseUrl = cluster.url.replace(/\/+$/, '');
    this.#token = cluster.serviceAccountToken;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    let ca: string | undefined;
    if (cluster.caData) {
      ca = Buffer.from(cluster.caData, 'base64').toString('utf8');
    } else if (cluster.caFile) {
      ca = readFileSync(cluster.caFile, 'utf8');
    }
    this.#dispatcher = new Agent({
      connect: {
        ...(ca ? { ca } : {}),
        rejectUnauthorized: !cluster.skipTLSVerify,
      },
    });
  }

  /** Reads an object; `undefined` when it does not exist (404). */
  async getObject<T extends KubernetesObject = KubernetesObject>(
    ref: KubernetesNamedObjectRef,
    options: { signal?: AbortSignal } = {},
  ): Promise<T | undefined> {
    const response = await this.#request({
      method: 'GET',
      path: kubernetesApiPath(ref),
      signal: options.signal,
      allowNotFound: true,
    });
    return response.statusCode === 404 ? undefined : (response.body as T);
  }

  /**
   * Server-side apply: `PATCH` with `application/apply-patch+yaml`, owned by
   * `fieldManager`. Creates the object when missing; applying the same object
   * again changes nothing. Fields owned by another manager fail with 409
   * (`ConflictError`) unless `force` is set.
   */
  async applyObject<T extends KubernetesObject = KubernetesObject>(
    ref: KubernetesNamedObjectRef,
    object: KubernetesObject,
    options: ApplyOptions,
  ): Promise<ApplyResult<T>> {
    const response = await this.#request({
      method: 'PATCH',
      path: kubernetesApiPath(ref),
      query: {
        fieldManager: options.fieldManager,
        force: options.force ? 'true' : 'false',
        dryRun: options.dryRun ? 'All' : undefined,
      },
      // JSON is YAML, and the API server accepts both for apply patches.
      body: JSON.stringify(object),
      contentType: 'application/apply-patch+yaml',
      signal: options.signal,
    });
    return {
      object: response.body as T,
      created: response.statusCode === 201,
    };
  }

  /**
   * The resource types a group version serves (`GET /api/v1`,
   * `GET /apis/<group>/<version>`); `undefined` when the cluster does not serve it.
   */
  async getApiResources(
    apiVersion: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<KubernetesApiResource[] | undefined> {
    const path = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    const response = await this.#request({
      method: 'GET',
      path,
      signal: options.signal,
      allowNotFound: true,
    });
    if (response.statusCode === 404) {
      return undefined;
    }
    const list = response.body as { resources?: KubernetesApiResource[] };
    return Array.isArray(list?.resources) ? list.resources : [];
  }

  /** Reads one page of a collection (`limit`/`continue` paging). */
  async listObjects<T extends KubernetesObject = KubernetesObject>(
    ref: KubernetesObjectRef,
    options: ListOptions = {},
  ): Promise<KubernetesList<T>> {
    const response = await this.#request({
      method: 'GET',
      path: kubernetesApiPath(ref),
      query: {
        limit: options.limit ? String(options.limit) : undefined,
        continue: options.continue,
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
      },
      signal: options.signal,
    });
    const list = response.body as Partial<KubernetesList<T>> | undefined;
    if (!list || !Array.isArray(list.items)) {
      throw kubernetesError(
        httpFailure(
          this.clusterName,
          response.statusCode,
          undefined,
          `GET ${kubernetesApiPath(ref)} did not answer a list`,
        ),
      );
    }
    return { items: list.items, metadata: list.metadata ?? {} };
  }

  /**
   * Streams a watch (`watch=1`, with bookmarks) from `resourceVersion`, calling
   * `onEvent` for each event in order. Resolves when the server ends the stream
   * (after `timeoutSeconds`) or the caller aborts; fails like the other calls when
   * the server refuses the watch (a 410 Gone here means: list again).
   */
  async watchObjects<T extends KubernetesObject = KubernetesObject>(
    ref: KubernetesObjectRef,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
  ): Promise<void> {
    const timeoutSeconds = options.timeoutSeconds ?? 300;
    const path = kubernetesApiPath(ref);
    const response = await this.#send({
      method: 'GET',
      path,
      query: {
        watch: '1',
        allowWatchBookmarks: 'true',
        resourceVersion: options.resourceVersion,
        timeoutSeconds: String(timeoutSeconds),
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
      },
      signal: options.signal,
      // The answer's head must come in time; the body lasts as long as the watch.
      bodyTimeoutMs: (timeoutSeconds + 30) * 1000,
    });
    if (response.statusCode < 200 || response.statusCode >= 300) {
      await this.#fail(response.statusCode, await response.text(), {
        method: 'GET',
        path,
      });
    }
    const decoder = new TextDecoder();
    const chunks = response.stream[Symbol.asyncIterator]();
    let buffered = '';
    try {
      for (;;) {
        let next: IteratorResult<unknown>;
        try {
          next = await chunks.next();
        } catch (error) {
          if (options.signal?.aborted) {
            return;
          }
          throw this.#transportError(
            error,
            response.timeout,
            (timeoutSeconds + 30) * 1000,
          );
        }
        if (next.done) {
          break;
        }
        buffered += decoder.decode(next.value as Uint8Array, { stream: true });
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line) {
            // What the caller throws ends the watch and reaches the caller as is.
            onEvent(this.#parseWatchLine<T>(line, path));
          }
          newline = buffered.indexOf('\n');
        }
      }
    } finally {
      await chunks.return?.();
    }
    if (buffered.trim()) {
      onEvent(this.#parseWatchLine<T>(buffered.trim(), path));
    }
  }

  /** Closes the connection pool. */
  async close(): Promise<void> {
    await this.#dispatcher.close();
  }

  #authorization(): string | undefined {
    if (this.#token) {
      return `Bearer ${this.#token}`;
    }
    // As the Kubernetes plugin does: without a configured token, the pod's own.
    if (existsSync(IN_CLUSTER_TOKEN_PATH)) {
      return `Bearer ${readFileSync(IN_CLUSTER_TOKEN_PATH, 'utf8').trim()}`;
    }
    return undefined;
  }

  #parseWatchLine<T>(line: string, path: string): WatchEvent<T> {
    try {
      const event = JSON.parse(line) as WatchEvent<T>;
      if (typeof event?.type === 'string' && typeof event.object === 'object') {
        return event;
      }
    } catch {
      // reported below
    }
    throw kubernetesError(
      transportFailure(
        this.clusterName,
        'ConnectionError',
        `GET ${path}?watch=1 sent a line that is not a watch event: ${line.slice(
          0,
          200,
        )}`,
      ),
    );
  }

  #transportError(error: unknown, timeout: AbortSignal, timeoutMs?: number) {
    if (timeout.aborted) {
      return kubernetesError(
        transportFailure(
          this.clusterName,
          'Timeout',
          `timed out after ${timeoutMs ?? this.#timeoutMs} ms`,
        ),
      );
    }
    const { reason, detail } = describeTransportError(error);
    // The detail carries the socket error's message and code.
    return kubernetesError(transportFailure(this.clusterName, reason, detail));
  }

  /** Sends a request; the answer's status is the caller's to check. */
  async #send(options: RequestOptions & { bodyTimeoutMs?: number }): Promise<{
    statusCode: number;
    text(): Promise<string>;
    stream: AsyncIterable<unknown>;
    timeout: AbortSignal;
  }> {
    const url = new URL(`${this.#baseUrl}${options.path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) {
        url.searchParams.set(key, value);
      }
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    const authorization = this.#authorization();
    if (authorization) {
      headers.Authorization = authorization;
    }
    if (options.contentType) {
      headers['Content-Type'] = options.contentType;
    }
    const timeout = AbortSignal.timeout(
      options.bodyTimeoutMs ?? this.#timeoutMs,
    );
    // Without a body timeout the whole exchange has to fit in the timeout;
    // with one, only the answer's head has to arrive within the client's timeout.
    const headTimeout = options.bodyTimeoutMs
      ? AbortSignal.timeout(this.#timeoutMs)
      : timeout;
    const headController = new AbortController();
    const abortHead = () => headController.abort(headTimeout.reason);
    const stopHeadTimeout = () =>
      headTimeout.removeEventListener('abort', abortHead);
    headTimeout.addEventListener('abort', abortHead);
    const signals = [timeout, headController.signal];
    if (options.signal) {
      signals.push(options.signal);
    }
    try {
      const response = await fetch(url, {
        method: options.method,
        headers,
        body: options.body,
        signal: AbortSignal.any(signals),
        dispatcher: this.#dispatcher,
      });
      if (options.bodyTimeoutMs) {
        stopHeadTimeout();
      }
      return {
        statusCode: response.status,
        text: async () => {
          try {
            return await response.text();
          } catch (error) {
            if (options.signal?.aborted) {
              throw error;
            }
            throw this.#transportError(error, headTimeout);
          } finally {
            stopHeadTimeout();
          }
        },
        stream: (response.body ?? []) as AsyncIterable<unknown>,
        timeout,
      };
    } catch (error) {
      stopHeadTimeout();
      if (options.signal?.aborted) {
        throw error; // the caller gave up; not the cluster's failure
      }
      throw this.#transportError(error, headTimeout);
    }
  }

  async #fail(
    statusCode: number,
    text: string,
    options: { method: string; path: string },
  ): Promise<never> {
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const status =
      typeof body === 'object' && body !== null
        ? (body as { reason?: unknown; message?: unknown })
        : undefined;
    throw kubernetesError(
      httpFailure(
        this.clusterName,
        statusCode,
        status,
        text.trim().slice(0, 300) || `${options.method} ${options.path}`,
      ),
    );
  }

  async #request(
    options: RequestOptions & { allowNotFound?: boolean },
  ): Promise<{ statusCode: number; body: unknown }> {
    const response = await this.#send(options);
    const { statusCode } = response;
    const text = await response.text();
    if (
      (statusCode >= 200 && statusCode < 300) ||
      (statusCode === 404 && options.allowNotFound)
    ) {
      let body: unknown = undefined;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      return { statusCode, body };
    }
    return this.#fail(statusCode, text, options);
  }
}
