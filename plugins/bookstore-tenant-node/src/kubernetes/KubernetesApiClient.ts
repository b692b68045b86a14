import { isError } from '@backstage/errors';
import type {
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  KubeConfig,
  PatchStrategy,
  ServerConfiguration,
  Watch,
  type User,
} from '@kubernetes/client-node';
import {
  credentialFailure,
  httpFailure,
  kubernetesError,
  transportFailure,
} from './errors';
import { toClusterDetails, USER_TOKEN_AUTH_PROVIDERS } from './authStrategy';
import { HeadTimeoutKubeConfig } from './HeadTimeoutKubeConfig';
import { KubernetesClusterConfig } from './readKubernetesClusters';

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
  /**
   * Where credentials come from: the Kubernetes plugin's strategies
   * (see `createKubernetesAuthStrategy`), asked per request without a user.
   */
  authStrategy: AuthenticationStrategy;
  /** How long one request may take, answer and body included (a watch: its answer's head). Default 10 s. */
  timeoutMs?: number;
}

interface RequestOptions {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | undefined>;
  body?: string;
  contentType?: string;
  signal?: AbortSignal;
  allowNotFound?: boolean;
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function userOf(credential: KubernetesCredential): User {
  switch (credential.type) {
    case 'bearer token':
      return { name: 'backstage', token: credential.token };
    case 'x509 client certificate':
      return {
        name: 'backstage',
        certData: credential.cert,
        keyData: credential.key,
      };
    default:
      return { name: 'backstage' };
  }
}

/**
 * A client for one cluster's API server on `@kubernetes/client-node`: its
 * `KubeConfig` (TLS from `caData`/`caFile`/`skipTLSVerify`), its HTTP library
 * and `Watch`, with credentials from the Kubernetes plugin's auth strategies.
 *
 * Every failure is a `@backstage/errors` error naming the cluster, with the
 * details in `error.kubernetes` (see `getKubernetesFailure`).
 */
export class KubernetesApiClient {
  readonly clusterName: string;
  readonly #cluster: KubernetesClusterConfig;
  readonly #details: ClusterDetails;
  readonly #authStrategy: AuthenticationStrategy;
  readonly #timeoutMs: number;
  readonly #http = new IsomorphicFetchHttpLibrary();
  /** Aborted by `close()`: ends every request and watch still running. */
  readonly #closed = new AbortController();

  constructor(options: KubernetesApiClientOptions) {
    this.#cluster = options.cluster;
    this.clusterName = options.cluster.name;
    this.#details = toClusterDetails(options.cluster);
    this.#authStrategy = options.authStrategy;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Reads an object; `undefined` when it does not exist (404). */
  async getObject<T extends KubernetesObject = KubernetesObject>(
    ref: KubernetesNamedObjectRef,
    options: { signal?: AbortSignal } = {},
  ): Promise<T | undefined> {
    const path = kubernetesApiPath(ref);
    const response = await this.#request({
      method: HttpMethod.GET,
      path,
      signal: options.signal,
      allowNotFound: true,
    });
    if (response.statusCode === 404) {
      return undefined;
    }
    return this.#expectObject<T>(response, `GET ${path}`, 'an object');
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
    const path = kubernetesApiPath(ref);
    const response = await this.#request({
      method: HttpMethod.PATCH,
      path,
      query: {
        fieldManager: options.fieldManager,
        force: options.force ? 'true' : 'false',
        dryRun: options.dryRun ? 'All' : undefined,
      },
      // JSON is YAML, and the API server accepts both for apply patches.
      body: JSON.stringify(object),
      contentType: PatchStrategy.ServerSideApply,
      signal: options.signal,
    });
    return {
      object: this.#expectObject<T>(response, `PATCH ${path}`, 'an object'),
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
      method: HttpMethod.GET,
      path,
      signal: options.signal,
      allowNotFound: true,
    });
    if (response.statusCode === 404) {
      return undefined;
    }
    const list = this.#expectObject<{ resources?: KubernetesApiResource[] }>(
      response,
      `GET ${path}`,
      'a discovery document',
    );
    return Array.isArray(list.resources) ? list.resources : [];
  }

  /** Reads one page of a collection (`limit`/`continue` paging). */
  async listObjects<T extends KubernetesObject = KubernetesObject>(
    ref: KubernetesObjectRef,
    options: ListOptions = {},
  ): Promise<KubernetesList<T>> {
    const path = kubernetesApiPath(ref);
    const response = await this.#request({
      method: HttpMethod.GET,
      path,
      query: {
        limit: options.limit ? String(options.limit) : undefined,
        continue: options.continue,
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
      },
      signal: options.signal,
    });
    const list = this.#expectObject<Partial<KubernetesList<T>>>(
      response,
      `GET ${path}`,
      'a list',
    );
    if (!Array.isArray(list.items)) {
      throw this.#notAnswered(response, `GET ${path}`, 'a list');
    }
    return { items: list.items, metadata: list.metadata ?? {} };
  }

  /**
   * Streams a watch (the library's `Watch`, with bookmarks) from
   * `resourceVersion`, calling `onEvent` for each event in order. Resolves when
   * the server ends the stream (after `timeoutSeconds`) or the caller aborts;
   * fails like the other calls when the server refuses the watch (a 410 Gone
   * here means: list again). What `onEvent` throws ends the watch and rejects.
   */
  async watchObjects<T extends KubernetesObject = KubernetesObject>(
    ref: KubernetesObjectRef,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
  ): Promise<void> {
    const path = kubernetesApiPath(ref);
    const signal = this.#signalOf(options.signal);
    const kubeConfig = await this.#kubeConfig(this.#timeoutMs);
    await new Promise<void>((resolve, reject) => {
      let failure: unknown;
      let controller: AbortController | undefined;
      const stop = () => controller?.abort();
      signal.addEventListener('abort', stop);
      const settle = (error: unknown) => {
        signal.removeEventListener('abort', stop);
        if (failure !== undefined) {
          reject(failure);
        } else if (signal.aborted || !error) {
          resolve();
        } else {
          reject(this.#failure(error, `GET ${path}?watch=true`));
        }
      };
      new Watch(kubeConfig)
        .watch(
          path,
          {
            allowWatchBookmarks: true,
            resourceVersion: options.resourceVersion,
            timeoutSeconds: options.timeoutSeconds ?? 300,
            labelSelector: options.labelSelector,
            fieldSelector: options.fieldSelector,
          },
          (type, object) => {
            if (failure !== undefined) {
              return;
            }
            try {
              onEvent({ type, object } as WatchEvent<T>);
            } catch (error) {
              failure = error;
              controller?.abort();
            }
          },
          settle,
        )
        .then(started => {
          controller = started;
          if (signal.aborted || failure !== undefined) {
            started.abort();
          }
        }, settle);
    });
  }

  /** Ends every request and watch of this client still running. */
  async close(): Promise<void> {
    this.#closed.abort();
  }

  #signalOf(signal: AbortSignal | undefined): AbortSignal {
    return signal
      ? AbortSignal.any([signal, this.#closed.signal])
      : this.#closed.signal;
  }

  /** A `KubeConfig` of this cluster with a fresh credential (tokens expire). */
  async #kubeConfig(headTimeoutMs?: number): Promise<KubeConfig> {
    let credential: KubernetesCredential;
    try {
      credential = await this.#authStrategy.getCredential(this.#details, {});
    } catch (error) {
      const needsUser = USER_TOKEN_AUTH_PROVIDERS.includes(
        this.#cluster.authProvider,
      );
      throw kubernetesError(
        credentialFailure(
          this.clusterName,
          needsUser
            ? `authProvider '${this.#cluster.authProvider}' (${
                this.#cluster.configKey
              }.authProvider) needs a signed-in user's token, and the portal reads this cluster without one; give it an authProvider that works on the backend's own (serviceAccount, aws, azure, googleServiceAccount): ${errorMessage(
                error,
              )}`
            : `no credentials from authProvider '${
                this.#cluster.authProvider
              }' (${this.#cluster.configKey}): ${errorMessage(error)}`,
        ),
      );
    }
    const kubeConfig = headTimeoutMs
      ? new HeadTimeoutKubeConfig(headTimeoutMs)
      : new KubeConfig();
    kubeConfig.loadFromClusterAndUser(
      {
        name: this.clusterName,
        server: this.#cluster.url.replace(/\/+$/, ''),
        caData: this.#cluster.caData,
        caFile: this.#cluster.caFile,
        skipTLSVerify: this.#cluster.skipTLSVerify,
      },
      userOf(credential),
    );
    return kubeConfig;
  }

  async #request(
    options: RequestOptions,
  ): Promise<{ statusCode: number; contentType: string; text: string }> {
    const what = `${options.method} ${options.path}`;
    const signal = this.#signalOf(options.signal);
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const kubeConfig = await this.#kubeConfig();
    const context = new ServerConfiguration(
      kubeConfig.getCurrentCluster()!.server,
      {},
    ).makeRequestContext(options.path, options.method);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) {
        context.setQueryParam(key, value);
      }
    }
    context.setHeaderParam('Accept', 'application/json');
    if (options.contentType) {
      context.setHeaderParam('Content-Type', options.contentType);
    }
    if (options.body !== undefined) {
      context.setBody(options.body);
    }
    context.setSignal(AbortSignal.any([signal, timeout]));
    let statusCode: number;
    let contentType: string;
    let text: string;
    try {
      await kubeConfig.applySecurityAuthentication(context);
      const response = await this.#http.send(context).toPromise();
      statusCode = response.httpStatusCode;
      contentType = response.headers['content-type'] ?? '';
      text = await response.body.text();
    } catch (error) {
      if (signal.aborted) {
        throw error; // the caller gave up; not the cluster's failure
      }
      if (timeout.aborted) {
        throw kubernetesError(
          transportFailure(
            this.clusterName,
            'Timeout',
            `timed out after ${this.#timeoutMs} ms`,
          ),
        );
      }
      throw this.#failure(error, what);
    }
    if (
      (statusCode >= 200 && statusCode < 300) ||
      (statusCode === 404 && options.allowNotFound)
    ) {
      return { statusCode, contentType, text };
    }
    let status: unknown;
    try {
      status = JSON.parse(text);
    } catch {
      status = undefined;
    }
    throw kubernetesError(
      httpFailure(
        this.clusterName,
        statusCode,
        isRecord(status) ? status : undefined,
        text.trim().slice(0, 300) || what,
      ),
    );
  }

  /** The JSON object of a 2xx answer; anything else (HTML, text, a truncated body) is an error. */
  #expectObject<T>(
    response: { statusCode: number; contentType: string; text: string },
    what: string,
    expected: string,
  ): T {
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      body = undefined;
    }
    if (!isRecord(body)) {
      throw this.#notAnswered(response, what, expected);
    }
    return body as T;
  }

  #notAnswered(
    response: { statusCode: number; contentType: string; text: string },
    what: string,
    expected: string,
  ) {
    const sample = response.text.trim().slice(0, 120);
    return kubernetesError(
      transportFailure(
        this.clusterName,
        'InvalidResponse',
        `${what} answered ${response.statusCode} without ${expected} in JSON (${
          response.contentType || 'no content type'
        }${sample ? `: ${sample}` : ', empty body'})`,
      ),
    );
  }

  /** The error of a request that got no usable answer, or of a refused watch. */
  #failure(error: unknown, what: string) {
    const statusCode = (error as { statusCode?: unknown })?.statusCode;
    if (typeof statusCode === 'number') {
      // The library's Watch reports a refused watch by its status only.
      return kubernetesError(
        httpFailure(this.clusterName, statusCode, undefined, what),
      );
    }
    const code = String((error as { code?: unknown })?.code ?? '');
    const type = String((error as { type?: unknown })?.type ?? '');
    const message = errorMessage(error);
    if (type === 'request-timeout') {
      return kubernetesError(
        transportFailure(
          this.clusterName,
          'Timeout',
          `timed out after ${this.#timeoutMs} ms`,
        ),
      );
    }
    const isTls =
      /^ERR_TLS_|^ERR_SSL_|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code);
    return kubernetesError(
      isTls
        ? transportFailure(
            this.clusterName,
            'TLSError',
            `TLS error: ${message}${code ? ` (${code})` : ''}`,
          )
        : transportFailure(
            this.clusterName,
            'ConnectionError',
            `could not connect: ${message}${code ? ` (${code})` : ''}`,
          ),
    );
  }
}

function errorMessage(error: unknown): string {
  return isError(error) ? error.message : String(error);
}
