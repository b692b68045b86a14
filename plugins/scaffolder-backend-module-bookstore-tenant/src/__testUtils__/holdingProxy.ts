import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createServer,
  IncomingMessage,
  request as forward,
  Server,
} from 'node:http';
import { AddressInfo } from 'node:net';

/** A request the proxy holds until the test releases it. */
export interface HeldRequest {
  method: string;
  url: string;
  /** Lets the request through to the backend. */
  release(): void;
}

/**
 * An HTTP proxy in front of a backend, for its plugins to reach each other
 * through (`holdingProxyDiscovery`): forwards every request unchanged (those that
 * come before `setTarget` once it is called), except that the first request
 * matching `holdNext`'s predicate waits until the test releases it — a slow
 * point at the network boundary that the test controls.
 */
export async function startHoldingProxy() {
  let target: string | undefined;
  const beforeTarget: Array<() => void> = [];
  let hold:
    | {
        matches: (req: IncomingMessage) => boolean;
        resolve: (held: HeldRequest) => void;
      }
    | undefined;
  const pending = new Set<() => void>();

  const pass = (req: IncomingMessage, body: Buffer, res: any) => {
    if (!target) {
      beforeTarget.push(() => pass(req, body, res));
      return;
    }
    const upstream = forward(
      `${target}${req.url}`,
      { method: req.method, headers: req.headers },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', error => {
      res.writeHead(502);
      res.end(String(error));
    });
    upstream.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (hold && hold.matches(req)) {
        const { resolve } = hold;
        hold = undefined;
        const release = () => {
          pending.delete(release);
          pass(req, body, res);
        };
        pending.add(release);
        resolve({ method: req.method ?? '', url: req.url ?? '', release });
        return;
      }
      pass(req, body, res);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    /** Where requests go: the backend's base URL, once it listens. */
    setTarget(baseUrl: string) {
      target = baseUrl;
      beforeTarget.splice(0).forEach(next => next());
    },
    /** Resolves with the next request for which `matches` holds, held. */
    holdNext(matches: (req: IncomingMessage) => boolean): Promise<HeldRequest> {
      return new Promise(resolve => {
        hold = { matches, resolve };
      });
    },
    async close() {
      hold = undefined;
      [...pending].forEach(release => release());
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

/** Discovery through the proxy: every plugin's URL, internal and external, on `proxyUrl`. */
export function holdingProxyDiscovery(proxyUrl: string) {
  return createServiceFactory({
    service: coreServices.discovery,
    deps: {},
    factory: () => ({
      getBaseUrl: async (pluginId: string) => `${proxyUrl}/api/${pluginId}`,
      getExternalBaseUrl: async (pluginId: string) =>
        `${proxyUrl}/api/${pluginId}`,
    }),
  });
}
