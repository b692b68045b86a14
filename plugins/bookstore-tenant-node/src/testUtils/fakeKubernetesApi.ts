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
  /** Answers every following request (of `method`, if given) with this failure; `undefined` stops. */
  fail(failure: FakeKubernetesFailure | undefined): void;
  /** Accepts requests (of `method`, if given) but never answers them, until called with false. */
  hang(hanging?: boolean, method?: string): void;
  /** Forgets requests, objects and forced failures. */
  reset(): void;
  close(): Promise<void>;
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
 * true). Failures (403, 500, …) and hangs can be forced. Test code only: it keeps
 * objects in memory, treats lists as atomic and accepts JSON bodies only.
 */
export async function startFakeKubernetesApi(
  options: FakeKubernetesApiOptions = {},
): Promise<FakeKubernetesApi> {
  const requests: FakeKubernetesRequest[] = [];
  const objects = new Map<string, StoredObject>();
  let failure: FakeKubernetesFailure | undefined;
  let hanging: false | { method?: string } = false;
  let resourceVersion = 1000;

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
    if (failure && (!failure.method || failure.method === request.method)) {
      sendStatus(
        res,
        failure.status,
        failure.message ?? STATUS_CODES[failure.status] ?? 'failure',
      );
      return;
    }
    const target = parsePath(request.path);
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
        objects.set(request.path, stored);
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
      const result = store(path, manager, object, true);
      objects.set(path, result.stored!);
    },
    fail(next) {
      failure = next;
    },
    hang(next = true, method) {
      hanging = next ? { method } : false;
    },
    reset() {
      requests.length = 0;
      objects.clear();
      failure = undefined;
      hanging = false;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
