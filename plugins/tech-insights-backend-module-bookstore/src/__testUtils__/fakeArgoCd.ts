import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import type { ArgoCdApplication } from '@internal/plugin-catalog-backend-module-argocd-applications';

/**
 * A fake argocd-server answering what the bookstore facts call, as argocd-server does:
 * `GET /api/v1/applications/{name}` (the Application) and
 * `GET /api/v1/applications/{name}/manifests` (`{manifests: [<JSON string>…]}`), behind
 * `Authorization: Bearer <token>`; an unknown Application is `403 permission denied`
 * (grpc-gateway's `{error, code: 7, message}`), as argocd-server answers so as not to reveal
 * which Applications exist. Test code only.
 */
export interface FakeArgoCd {
  url: string;
  /** The paths asked, in order. */
  requests: string[];
  /** Answers every request with this status from now on (undefined: healthy again). */
  failWith(status: number | undefined): void;
  close(): Promise<void>;
}

export async function startFakeArgoCd(options: {
  token: string;
  applications: Array<{
    application: ArgoCdApplication;
    manifests: Array<Record<string, unknown>>;
  }>;
}): Promise<FakeArgoCd> {
  const apps = new Map(
    options.applications.map(a => [a.application.metadata.name, a]),
  );
  const requests: string[] = [];
  let failing: number | undefined;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url.pathname);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (failing !== undefined) {
      send(failing, { error: 'injected', code: 14, message: 'injected' });
      return;
    }
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      send(401, {
        error: 'no session information',
        code: 16,
        message: 'no session information',
      });
      return;
    }
    const match = url.pathname.match(
      /^\/api\/v1\/applications\/([^/]+)(\/manifests)?$/,
    );
    const app = match ? apps.get(decodeURIComponent(match[1])) : undefined;
    if (!match || !app) {
      send(403, {
        error: 'permission denied',
        code: 7,
        message: 'permission denied',
      });
      return;
    }
    send(
      200,
      match[2]
        ? {
            manifests: app.manifests.map(m => JSON.stringify(m)),
            revision: '4f1c2e9',
            sourceType: 'Helm',
          }
        : app.application,
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failWith(status) {
      failing = status;
    },
    close() {
      server.closeAllConnections();
      return new Promise(resolve => server.close(() => resolve()));
    },
  };
}
