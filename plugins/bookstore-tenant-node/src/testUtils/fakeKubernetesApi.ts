import { randomUUID } from 'node:crypto';
import {
  createServer as createHttpServer,
  IncomingMessage,
  Server,
  ServerResponse,
  STATUS_CODES,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';

/** A request the fake API server received. */
export interface FakeKubernetesRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  authorization?: string;
  body?: unknown;
}

/** An answer to force, e.g. `{ status: 403, message: '… is forbidden' }`. */
export interface FakeKubernetesFailure {
  status: number;
  message?: string;
  /** Only for requests of this method; all requests when absent. */
  method?: string;
  /** Answer this body as is instead of a `Status` (e.g. a proxy's HTML page). */
  raw?: { contentType: string; body: string };
}

/** A resource type the fake's discovery documents list, as `serveResource` declares it. */
export interface FakeKubernetesResource {
  /** `v1`, `platform.bookstore.io/v1alpha1`. */
  apiVersion: string;
  kind: string;
  /** As in API paths: `bookstoretenants`. */
  plural: string;
  namespaced: boolean;
}

/** Options of {@link startFakeKubernetesApi}. */
export interface FakeKubernetesApiOptions {
  /** The bearer token requests must carry; any (or none) when absent. */
  token?: string;
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
}

/** A running fake API server. */
export interface FakeKubernetesApi {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every request received, in order. */
  requests: FakeKubernetesRequest[];
  /** The stored object at an API path, e.g. `/apis/g/v1/namespaces/ns/things/x`. */
  object(path: string): Record<string, any> | undefined;
  /** Stores an object as if `manager` had applied it (e.g. another team's claim). */
  seed(path: string, object: Record<string, any>, manager: string): void;
  /**
   * Stores an object as is (status included), as a controller writing it would:
   * a new `resourceVersion`, an ADDED or MODIFIED event for watchers.
   */
  put(path: string, object: Record<string, any>): Record<string, any>;
  /**
   * Lists a resource type in the discovery documents (`GET /api/v1`,
   * `/apis/<group>/<version>`) without storing an object of it. Types of stored
   * objects are listed anyway.
   */
  serveResource(resource: FakeKubernetesResource): void;
  /** Deletes an object; watchers get a DELETED event. */
  remove(path: string): void;
  /** Sends a BOOKMARK with the current resourceVersion to every open watch. */
  bookmark(): void;
  /**
   * Forgets the history before now, as etcd's compaction does: watches from an
   * older resourceVersion get a 410 Gone ERROR event, older continue tokens 410.
   */
  compact(): void;
  /** Ends every open watch stream, as the server does when `timeoutSeconds` is up. */
  endWatches(): void;
  /** The number of watch streams open now. */
  openWatches(): number;
  /** The current resourceVersion of the whole store. */
  resourceVersion(): number;
  /** Answers every following request (of `method`, if given) with this failure; `undefined` stops. */
  fail(failure: FakeKubernetesFailure | undefined): void;
  /** Accepts requests (of `method`, if given) but never answers them, until called with false. */
  hang(hanging?: boolean, method?: string): void;
  /** Forgets requests, objects, served resource types and forced failures. */
  reset(): void;
  close(): Promise<void>;
}

interface Watcher {
  resource: string;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  res: ServerResponse;
}

interface StoredObject {
  /** The configuration each field manager applied, in order of first apply. */
  applied: Map<string, Record<string, any>>;
  object: Record<string, any>;
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  500: 'InternalError',
};

/** The fields identifying an object, which every manager may state. */
const IDENTITY_FIELDS = new Set([
  '.apiVersion',
  '.kind',
  '.metadata.name',
  '.metadata.namespace',
]);

function leafFields(value: unknown, prefix = ''): Map<string, string> {
  const fields = new Map<string, string>();
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      for (const [path, leaf] of leafFields(child, `${prefix}.${key}`)) {
        fields.set(path, leaf);
      }
    }
  } else if (prefix) {
    // Lists are atomic here: a simplification of Kubernetes' list types.
    fields.set(prefix, JSON.stringify(value));
  }
  return fields;
}

function deepMerge(
  target: Record<string, any>,
  source: Record<string, any>,
): Record<string, any> {
  const result: Record<string, any> = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const current = result[key];
    result[key] =
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof current === 'object' &&
      current !== null &&
      !Array.isArray(current)
        ? deepMerge(current, value)
        : value;
  }
  return result;
}

function withoutField(
  object: Record<string, any>,
  path: string,
): Record<string, any> {
  const [head, ...rest] = path.replace(/^\./, '').split('.');
  if (!(head in object)) {
    return object;
  }
  const copy = { ...object };
  if (rest.length === 0) {
    delete copy[head];
  } else if (typeof copy[head] === 'object' && copy[head] !== null) {
    copy[head] = withoutField(copy[head], rest.join('.'));
  }
  return copy;
}

function fieldValue(object: Record<string, any>, path: string): unknown {
  return path
    .split('.')
    .reduce<any>(
      (value, key) =>
        value && typeof value === 'object' ? value[key] : undefined,
      object,
    );
}

/** Equality-based selectors: `a=b`, `a==b`, `a!=b`, and for labels `a`, `!a`. */
function matchesSelector(
  selector: string | undefined,
  read: (key: string) => string | undefined,
): boolean {
  if (!selector) {
    return true;
  }
  return selector.split(',').every(term => {
    const match = term.trim().match(/^(!?)([^=!]+?)\s*(?:(!=|==|=)\s*(.*))?$/);
    if (!match) {
      return false;
    }
    const [, not, key, op, expected] = match;
    const actual = read(key.trim());
    if (!op) {
      return not ? actual === undefined : actual !== undefined;
    }
    return op === '!=' ? actual !== expected : actual === expected;
  });
}

function matchesObject(
  object: Record<string, any>,
  labelSelector: string | undefined,
  fieldSelector: string | undefined,
): boolean {
  return (
    matchesSelector(labelSelector, key => object.metadata?.labels?.[key]) &&
    matchesSelector(fieldSelector, key => {
      const value = fieldValue(object, key);
      return value === undefined ? undefined : String(value);
    })
  );
}

function parsePath(path: string):
  | {
      apiVersion: string;
      resource: string;
      name?: string;
      namespace?: string;
    }
  | undefined {
  const match = path.match(
    /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/,
  );
  if (!match) {
    return undefined;
  }
  const [, core, grouped, namespace, plural, name] = match;
  const apiVersion = core ?? grouped;
  const group = grouped ? grouped.split('/')[0] : '';
  return {
    apiVersion,
    resource: group ? `${plural}.${group}` : plural,
    namespace: namespace && decodeURIComponent(namespace),
    name: name && decodeURIComponent(name),
  };
}

/**
 * Starts an HTTP(S) server on a free loopback port that speaks the wire format of
 * the Kubernetes API for what the bookstore client does: GET of an object (404
 * `Status` when missing) and server-side apply (`PATCH` with
 * `application/apply-patch+yaml` and `fieldManager`: 201 on create, 200 on
 * update, `resourceVersion` and `uid` set, no change when re-applied, 409 `Status`
 * when another manager owns a field with a different value and `force` is not
 * true). Collections answer lists (namespaced or across all namespaces) with
 * label and field selectors and `limit`/`continue` paging, and watches
 * (`watch=1`: ADDED/MODIFIED/DELETED, BOOKMARK when asked, a 410 Gone ERROR
 * event for a resourceVersion older than the last compaction). `GET /api/v1` and
 * `/apis/<group>/<version>` answer discovery documents (APIResourceList) of the
 * types of stored objects and of `serveResource`. Failures (403,
 * 500, …) and hangs can be forced. Test code only: it keeps objects in memory,
 * treats lists as atomic and accepts JSON bodies only.
 */
export async function startFakeKubernetesApi(
  options: FakeKubernetesApiOptions = {},
): Promise<FakeKubernetesApi> {
  const requests: FakeKubernetesRequest[] = [];
  const objects = new Map<string, StoredObject>();
  /** The stored paths in order with their parsed targets; rebuilt after a change. */
  let sortedPaths:
    | Array<[string, NonNullable<ReturnType<typeof parsePath>>]>
    | undefined;
  let failure: FakeKubernetesFailure | undefined;
  let hanging: false | { method?: string } = false;
  let resourceVersion = 1000;
  /** Watches and continue tokens from before this version are gone (410). */
  let compactedAt = 0;
  const watchers = new Set<Watcher>();
  /** Objects being deleted, for the DELETED event. */
  const deleted = new Map<string, Record<string, any>>();
  /** Resource types declared with `serveResource`, by `<apiVersion> <plural>`. */
  const served = new Map<string, FakeKubernetesResource>();

  /** The discovery document (APIResourceList) of a group version; undefined when nothing is served. */
  function discovery(apiVersion: string) {
    const resources = new Map(
      [...served].filter(([, r]) => r.apiVersion === apiVersion),
    );
    for (const [path, stored] of objects) {
      const target = parsePath(path);
      if (target?.apiVersion === apiVersion && stored.object.kind) {
        const plural = target.resource.split('.')[0];
        resources.set(`${apiVersion} ${plural}`, {
          apiVersion,
          kind: stored.object.kind,
          plural,
          namespaced: target.namespace !== undefined,
        });
      }
    }
    if (resources.size === 0) {
      return undefined;
    }
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: apiVersion,
      resources: [...resources.values()].flatMap(r => [
        {
          name: r.plural,
          singularName: r.kind.toLowerCase(),
          namespaced: r.namespaced,
          kind: r.kind,
          verbs: ['get', 'list', 'watch', 'patch'],
        },
        {
          name: `${r.plural}/status`,
          singularName: '',
          namespaced: r.namespaced,
          kind: r.kind,
          verbs: ['get', 'patch'],
        },
      ]),
    };
  }

  function notify(type: 'ADDED' | 'MODIFIED' | 'DELETED', path: string) {
    const target = parsePath(path);
    const object =
      type === 'DELETED' ? deleted.get(path) : objects.get(path)?.object;
    if (!target || !object) {
      return;
    }
    for (const watcher of watchers) {
      if (
        watcher.resource === target.resource &&
        (!watcher.namespace || watcher.namespace === target.namespace) &&
        matchesObject(object, watcher.labelSelector, watcher.fieldSelector)
      ) {
        watcher.res.write(`${JSON.stringify({ type, object })}\n`);
      }
    }
  }

  function putObject(path: string, object: Record<string, any>) {
    const existing = objects.get(path);
    resourceVersion += 1;
    const stored: StoredObject = {
      applied: existing?.applied ?? new Map(),
      object: {
        ...object,
        metadata: {
          ...object.metadata,
          uid:
            existing?.object.metadata?.uid ??
            object.metadata?.uid ??
            randomUUID(),
          creationTimestamp:
            existing?.object.metadata?.creationTimestamp ??
            new Date().toISOString(),
          resourceVersion: String(resourceVersion),
        },
      },
    };
    objects.set(path, stored);
    sortedPaths = undefined;
    notify(existing ? 'MODIFIED' : 'ADDED', path);
    return stored.object;
  }

  function removeObject(path: string) {
    const existing = objects.get(path);
    if (!existing) {
      return;
    }
    objects.delete(path);
    sortedPaths = undefined;
    resourceVersion += 1;
    deleted.set(path, {
      ...existing.object,
      metadata: {
        ...existing.object.metadata,
        resourceVersion: String(resourceVersion),
      },
    });
    notify('DELETED', path);
    deleted.delete(path);
  }

  function collectionItems(
    collection: { resource: string; namespace?: string },
    query: Record<string, string>,
  ): Array<[string, Record<string, any>]> {
    if (!sortedPaths) {
      sortedPaths = [...objects.keys()].sort().flatMap(path => {
        const target = parsePath(path);
        return target ? [[path, target] as [string, typeof target]] : [];
      });
    }
    const items: Array<[string, Record<string, any>]> = [];
    for (const [path, target] of sortedPaths) {
      const object = objects.get(path)!.object;
      if (
        target.resource === collection.resource &&
        (!collection.namespace || collection.namespace === target.namespace) &&
        matchesObject(object, query.labelSelector, query.fieldSelector)
      ) {
        items.push([path, object]);
      }
    }
    return items;
  }

  function sendList(
    res: ServerResponse,
    request: FakeKubernetesRequest,
    collection: { resource: string; namespace?: string; apiVersion: string },
  ) {
    let after = '';
    if (request.query.continue) {
      let token: { rv?: number; after?: string } = {};
      try {
        token = JSON.parse(
          Buffer.from(request.query.continue, 'base64url').toString('utf8'),
        );
      } catch {
        sendStatus(res, 400, 'continue key is not valid');
        return;
      }
      if ((token.rv ?? 0) < compactedAt) {
        sendStatus(
          res,
          410,
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        );
        return;
      }
      after = token.after ?? '';
    }
    const all = collectionItems(collection, request.query).filter(
      ([path]) => path > after,
    );
    const limit = Number(request.query.limit) || all.length;
    const page = all.slice(0, limit);
    const more = all.length > page.length;
    const plural = collection.resource.split('.')[0];
    const kind =
      served.get(`${collection.apiVersion} ${plural}`)?.kind ??
      all[0]?.[1].kind ??
      plural;
    sendObject(res, 200, {
      apiVersion: collection.apiVersion,
      kind: `${kind}List`,
      metadata: {
        resourceVersion: String(resourceVersion),
        ...(more
          ? {
              continue: Buffer.from(
                JSON.stringify({
                  rv: resourceVersion,
                  after: page[page.length - 1][0],
                }),
              ).toString('base64url'),
              remainingItemCount: all.length - page.length,
            }
          : {}),
      },
      items: page.map(([, object]) => object),
    });
  }

  function startWatch(
    req: IncomingMessage,
    res: ServerResponse,
    request: FakeKubernetesRequest,
    collection: { resource: string; namespace?: string },
  ) {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
    });
    // As a real API server: the head goes out at once, not with the first event.
    res.flushHeaders();
    const from = Number(request.query.resourceVersion ?? resourceVersion);
    if (from < compactedAt) {
      res.end(
        `${JSON.stringify({
          type: 'ERROR',
          object: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: `too old resource version: ${from} (${compactedAt})`,
            reason: 'Expired',
            code: 410,
          },
        })}\n`,
      );
      return;
    }
    const watcher: Watcher = {
      ...collection,
      labelSelector: request.query.labelSelector,
      fieldSelector: request.query.fieldSelector,
      res,
    };
    // Changes after `from` that the watcher missed: the current objects newer than it.
    for (const [, object] of collectionItems(collection, request.query)) {
      if (Number(object.metadata?.resourceVersion) > from) {
        res.write(`${JSON.stringify({ type: 'ADDED', object })}\n`);
      }
    }
    watchers.add(watcher);
    const timeoutSeconds = Number(request.query.timeoutSeconds);
    const timer =
      timeoutSeconds > 0
        ? setTimeout(() => res.end(), timeoutSeconds * 1000)
        : undefined;
    const stop = () => {
      clearTimeout(timer);
      watchers.delete(watcher);
    };
    res.on('close', stop);
    req.on('close', stop);
  }

  function sendStatus(
    res: ServerResponse,
    code: number,
    message: string,
    details?: Record<string, unknown>,
  ) {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message,
        reason: REASONS[code] ?? STATUS_CODES[code],
        ...(details ? { details } : {}),
        code,
      }),
    );
  }

  function sendObject(res: ServerResponse, code: number, object: unknown) {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(object));
  }

  function store(
    path: string,
    manager: string,
    config: Record<string, any>,
    force: boolean,
  ):
    | { conflicts: string[]; stored?: undefined; created?: undefined }
    | { conflicts: []; stored: StoredObject; created: boolean } {
    const existing = objects.get(path);
    const applied = new Map(existing?.applied ?? []);
    const incoming = leafFields(config);
    const conflicts: string[] = [];
    for (const [other, otherConfig] of applied) {
      if (other === manager) {
        continue;
      }
      let kept = otherConfig;
      for (const [field, value] of leafFields(otherConfig)) {
        if (IDENTITY_FIELDS.has(field) || !incoming.has(field)) {
          continue;
        }
        if (incoming.get(field) !== value) {
          if (force) {
            kept = withoutField(kept, field);
          } else {
            conflicts.push(`conflict with "${other}": ${field}`);
          }
        }
      }
      applied.set(other, kept);
    }
    if (conflicts.length > 0) {
      return { conflicts };
    }
    applied.set(manager, config);

    let merged: Record<string, any> = {};
    for (const managerConfig of applied.values()) {
      merged = deepMerge(merged, managerConfig);
    }
    const previous = existing?.object;
    const now = new Date().toISOString();
    const metadata = {
      ...merged.metadata,
      uid: previous?.metadata?.uid ?? randomUUID(),
      creationTimestamp: previous?.metadata?.creationTimestamp ?? now,
      resourceVersion: previous?.metadata?.resourceVersion,
      managedFields: [...applied.keys()].map(m => ({
        manager: m,
        operation: 'Apply',
        apiVersion: merged.apiVersion,
        fieldsType: 'FieldsV1',
      })),
    };
    let object: Record<string, any> = {
      ...merged,
      metadata,
      ...(previous?.status ? { status: previous.status } : {}),
    };
    const changed =
      !previous || JSON.stringify(previous) !== JSON.stringify(object);
    if (changed) {
      resourceVersion += 1;
      object = {
        ...object,
        metadata: { ...metadata, resourceVersion: String(resourceVersion) },
      };
    }
    const stored = { applied, object };
    return { conflicts: [], stored, created: !existing };
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const request: FakeKubernetesRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: req.headers['content-type'],
      authorization: req.headers.authorization,
      body,
    };
    requests.push(request);

    if (hanging && (!hanging.method || hanging.method === request.method)) {
      return; // never answer; the client's timeout has to fire
    }
    if (
      options.token &&
      req.headers.authorization !== `Bearer ${options.token}`
    ) {
      sendStatus(res, 401, 'Unauthorized');
      return;
    }
    if (
      failure?.raw &&
      (!failure.method || failure.method === request.method)
    ) {
      res.writeHead(failure.status, {
        'Content-Type': failure.raw.contentType,
      });
      res.end(failure.raw.body);
      return;
    }
    if (failure && (!failure.method || failure.method === request.method)) {
      sendStatus(
        res,
        failure.status,
        failure.message ?? STATUS_CODES[failure.status] ?? 'failure',
      );
      return;
    }
    const discoveryPath = request.path.match(
      /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))\/?$/,
    );
    if (discoveryPath && request.method === 'GET') {
      const document = discovery(discoveryPath[1] ?? discoveryPath[2]);
      if (document) {
        sendObject(res, 200, document);
      } else {
        sendStatus(
          res,
          404,
          'the server could not find the requested resource',
        );
      }
      return;
    }
    const target = parsePath(request.path);
    if (target && !target.name && request.method === 'GET') {
      if (request.query.watch === '1' || request.query.watch === 'true') {
        startWatch(req, res, request, target);
      } else {
        sendList(res, request, target);
      }
      return;
    }
    if (!target || !target.name) {
      sendStatus(res, 404, 'the server could not find the requested resource');
      return;
    }
    const notFound = `${target.resource} "${target.name}" not found`;

    if (request.method === 'GET') {
      const stored = objects.get(request.path);
      if (!stored) {
        sendStatus(res, 404, notFound, {
          name: target.name,
          kind: target.resource.split('.')[0],
        });
        return;
      }
      sendObject(res, 200, stored.object);
      return;
    }

    if (request.method === 'PATCH') {
      if (request.contentType !== 'application/apply-patch+yaml') {
        sendStatus(
          res,
          415,
          `the body of the request was in an unknown format - accepted media types include: application/apply-patch+yaml (got ${request.contentType})`,
        );
        return;
      }
      const manager = request.query.fieldManager;
      if (!manager) {
        sendStatus(
          res,
          422,
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        );
        return;
      }
      if (typeof body !== 'object' || body === null) {
        sendStatus(res, 400, 'error decoding YAML: the fake accepts JSON only');
        return;
      }
      const config = body as Record<string, any>;
      if (
        config.metadata?.name !== target.name ||
        (target.namespace &&
          config.metadata?.namespace &&
          config.metadata.namespace !== target.namespace)
      ) {
        sendStatus(
          res,
          400,
          'the name of the object does not match the name on the URL',
        );
        return;
      }
      const result = store(
        request.path,
        manager,
        config,
        request.query.force === 'true',
      );
      if (result.conflicts.length > 0) {
        sendStatus(
          res,
          409,
          `Apply failed with ${result.conflicts.length} conflict${
            result.conflicts.length > 1 ? 's' : ''
          }: ${result.conflicts.join(', ')}`,
        );
        return;
      }
      const { stored, created } = result as {
        stored: StoredObject;
        created: boolean;
      };
      if (request.query.dryRun !== 'All') {
        const before = objects.get(request.path)?.object.metadata;
        objects.set(request.path, stored);
        sortedPaths = undefined;
        if (
          before?.resourceVersion !== stored.object.metadata.resourceVersion
        ) {
          notify(created ? 'ADDED' : 'MODIFIED', request.path);
        }
      }
      sendObject(res, created ? 201 : 200, stored.object);
      return;
    }

    sendStatus(
      res,
      405,
      `method ${request.method} is not supported by the fake`,
    );
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(error => {
      sendStatus(res, 500, String(error));
    });
  };
  const server: Server = options.tls
    ? createHttpsServer(
        { key: options.tls.key, cert: options.tls.cert },
        listener,
      )
    : createHttpServer(listener);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    object: path => objects.get(path)?.object,
    seed(path, object, manager) {
      const existed = objects.has(path);
      const result = store(path, manager, object, true);
      objects.set(path, result.stored!);
      sortedPaths = undefined;
      notify(existed ? 'MODIFIED' : 'ADDED', path);
    },
    put: putObject,
    serveResource(resource) {
      served.set(`${resource.apiVersion} ${resource.plural}`, resource);
    },
    remove: removeObject,
    bookmark() {
      const event = JSON.stringify({
        type: 'BOOKMARK',
        object: { metadata: { resourceVersion: String(resourceVersion) } },
      });
      for (const watcher of watchers) {
        watcher.res.write(`${event}\n`);
      }
    },
    compact() {
      compactedAt = resourceVersion + 1;
    },
    endWatches() {
      for (const watcher of watchers) {
        watcher.res.end();
      }
      watchers.clear();
    },
    openWatches: () => watchers.size,
    resourceVersion: () => resourceVersion,
    fail(next) {
      failure = next;
    },
    hang(next = true, method) {
      hanging = next ? { method } : false;
    },
    reset() {
      requests.length = 0;
      objects.clear();
      sortedPaths = undefined;
      served.clear();
      for (const watcher of watchers) {
        watcher.res.end();
      }
      watchers.clear();
      compactedAt = 0;
      failure = undefined;
      hanging = false;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
