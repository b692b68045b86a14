import { createServer, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import type { ArgoCdApplication } from '../lib/ArgoCdClient';

/**
 * A fake argocd-server speaking what the provider calls, as argocd-server
 * answers it: `GET /api/v1/applications` (an ApplicationList, `items: null`
 * when empty, `metadata.resourceVersion`) and `GET /api/v1/stream/applications`
 * (newline-delimited `{"result":{"type","application"}}`; without
 * `resourceVersion` it starts with an ADDED per Application), behind
 * `Authorization: Bearer <token>`; errors are grpc-gateway's `{error, code, message}`.
 * Test code only.
 */
export interface FakeArgoCd {
  url: string;
  /** Creates or changes an Application; open streams get ADDED or MODIFIED. */
  put(application: ArgoCdApplication): void;
  /** Deletes an Application; open streams get DELETED. */
  remove(name: string): void;
  /** Answers every request with this status from now on (undefined: healthy again). */
  failWith(status: number | undefined): void;
  /** Ends every open stream, as a restarting argocd-server does. */
  endStreams(): void;
  /** How many requests came to each path. */
  requests: string[];
  close(): Promise<void>;
}

/** An Application as argocd-server returns it, with the fields the provider reads. */
export function application(
  name: string,
  options: { kubernetesId?: string; health?: string; project?: string } = {},
): ArgoCdApplication {
  return {
    metadata: {
      name,
      namespace: 'argocd',
      labels: options.kubernetesId
        ? { 'backstage.io/kubernetes-id': options.kubernetesId }
        : {},
    },
    spec: {
      project: options.project ?? 'bookstore-platform',
      source: {
        repoURL: `https://github.com/bookstore-platform/${name}.git`,
        path: 'chart',
        targetRevision: 'main',
      },
      destination: { name: 'us-east', namespace: `${name}-prod` },
    },
    status: {
      sync: { status: 'Synced', revision: '4f1c2e9' },
      health: { status: options.health ?? 'Healthy' },
    },
  };
}

export async function startFakeArgoCd(options: {
  token: string;
  applications?: ArgoCdApplication[];
}): Promise<FakeArgoCd> {
  const apps = new Map(
    (options.applications ?? []).map(a => [a.metadata.name, a]),
  );
  let version = 1000;
  let failing: number | undefined;
  const streams = new Set<ServerResponse>();
  const requests: string[] = [];

  const send = (type: string, app: ArgoCdApplication) => {
    for (const stream of streams) {
      stream.write(
        `${JSON.stringify({ result: { type, application: app } })}\n`,
      );
    }
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url.pathname);
    const error = (status: number, code: number, message: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: message, code, message }));
    };
    if (failing !== undefined) {
      error(failing, 13, 'rpc error: code = Unavailable desc = injected');
      return;
    }
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      error(401, 16, 'no session information');
      return;
    }
    if (url.pathname === '/api/v1/applications') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          metadata: { resourceVersion: String(version) },
          items: apps.size > 0 ? [...apps.values()] : null,
        }),
      );
      return;
    }
    if (url.pathname === '/api/v1/stream/applications') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      if (!url.searchParams.get('resourceVersion')) {
        for (const app of apps.values()) {
          res.write(
            `${JSON.stringify({
              result: { type: 'ADDED', application: app },
            })}\n`,
          );
        }
      }
      streams.add(res);
      res.on('close', () => streams.delete(res));
      return;
    }
    error(404, 5, 'Not Found');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const endStreams = () => {
    for (const stream of streams) {
      stream.end();
    }
    streams.clear();
  };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    put(app) {
      version += 1;
      const type = apps.has(app.metadata.name) ? 'MODIFIED' : 'ADDED';
      apps.set(app.metadata.name, app);
      send(type, app);
    },
    remove(name) {
      const app = apps.get(name);
      if (app) {
        version += 1;
        apps.delete(name);
        send('DELETED', app);
      }
    },
    failWith(status) {
      failing = status;
      if (status !== undefined) {
        endStreams();
      }
    },
    endStreams,
    close() {
      endStreams();
      server.closeAllConnections();
      return new Promise(resolve => server.close(() => resolve()));
    },
  };
}
