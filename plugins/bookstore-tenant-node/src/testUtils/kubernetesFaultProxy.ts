import { IncomingMessage, ServerResponse, STATUS_CODES } from 'node:http';
import { Agent, createServer, request as httpsRequest } from 'node:https';
import { Socket } from 'node:net';
import { createSelfSignedCertificate } from './selfSignedCertificate';

/**
 * A fault the proxy injects until it is changed:
 * - `status`: answers with a Kubernetes `Status` of that code (403, 500, …);
 * - `hang`: accepts requests and never answers them;
 * - `tls`: presents a certificate the clients do not trust, so every new
 *   connection fails its TLS handshake.
 * `status` and `hang` apply to the requests of `method` only, when given.
 */
export type KubernetesFault =
  | { type: 'status'; status: number; message?: string; method?: string }
  | { type: 'hang'; method?: string }
  | { type: 'tls' };

/** A request the proxy received (failed TLS handshakes are not requests). */
export interface KubernetesProxiedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

/** A running proxy, from {@link startKubernetesFaultProxy}. */
export interface KubernetesFaultProxy {
  /** `https://127.0.0.1:<port>`. */
  url: string;
  /** The proxy's own certificate (PEM): the CA the clients of the proxy trust. */
  ca: string;
  /** The same, base64 encoded, as `caData` in kubeconfig and app-config. */
  caData: string;
  /** Every request received, in order, whatever the fault. */
  requests: KubernetesProxiedRequest[];
  /** Injects a fault from now on; `undefined` passes requests through again. */
  fault(fault: KubernetesFault | undefined): void;
  close(): Promise<void>;
}

/** The `reason` of a Kubernetes `Status` for the codes tests inject. */
const REASONS: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Expired',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

function sendStatus(res: ServerResponse, code: number, message?: string) {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: message ?? STATUS_CODES[code] ?? 'injected failure',
      reason: REASONS[code] ?? 'Unknown',
      code,
    }),
  );
}

/**
 * An HTTPS proxy on a free loopback port in front of a Kubernetes API server
 * (e.g. {@link startRealKubernetesApi}'s), passing every request through —
 * watches stream — until a fault is injected with `fault()`. Changing the
 * fault ends the connections open at the time, as a failing server's would.
 */
export async function startKubernetesFaultProxy(target: {
  url: string;
  ca: string;
}): Promise<KubernetesFaultProxy> {
  const [own, untrusted] = await Promise.all([
    createSelfSignedCertificate(),
    createSelfSignedCertificate(),
  ]);
  const requests: KubernetesProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const upstream = new Agent({ keepAlive: true, ca: target.ca });
  let current: KubernetesFault | undefined;

  const appliesTo = (fault: KubernetesFault, method: string) =>
    fault.type !== 'tls' && (!fault.method || fault.method === method);

  const server = createServer(own, (req: IncomingMessage, res) => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', target.url);
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
    });
    const fault = current;
    if (fault && appliesTo(fault, method)) {
      if (fault.type === 'hang') {
        req.resume();
        return; // never answered; the client's timeout has to fire
      }
      if (fault.type === 'status') {
        req.resume();
        sendStatus(res, fault.status, fault.message);
        return;
      }
    }
    const forwarded = httpsRequest(
      url,
      {
        method,
        agent: upstream,
        headers: { ...req.headers, host: url.host },
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', error => {
      if (!res.headersSent) {
        sendStatus(res, 502, `proxy: ${error.message}`);
      } else {
        res.destroy();
      }
    });
    res.on('close', () => forwarded.destroy());
    req.pipe(forwarded);
  });
  server.on('secureConnection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => {
    // the clients refusing the untrusted certificate: what `tls` is for
  });
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };

  const endConnections = () => {
    for (const socket of sockets) {
      socket.destroy();
    }
    sockets.clear();
  };

  return {
    url: `https://127.0.0.1:${port}`,
    ca: own.cert,
    caData: Buffer.from(own.cert).toString('base64'),
    requests,
    fault(next) {
      current = next;
      server.setSecureContext(next?.type === 'tls' ? untrusted : own);
      endConnections();
    },
    async close() {
      endConnections();
      upstream.destroy();
      await new Promise<void>(done => server.close(() => done()));
    },
  };
}
