import { IncomingMessage, ServerResponse, STATUS_CODES } from 'node:http';
import { Agent, createServer, request as httpsRequest } from 'node:https';
import { Socket } from 'node:net';
import { createSelfSignedCertificate } from './selfSignedCertificate';

/** A request the proxy received (failed TLS handshakes are not requests). */
export interface KubernetesProxiedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

/** Which requests a fault applies to: all of them when absent. */
export type KubernetesFaultFilter = (
  request: KubernetesProxiedRequest,
) => boolean;

/**
 * A fault the proxy injects until it is changed:
 * - `status`: answers with a Kubernetes `Status` of that code (403, 500, …);
 * - `body`: answers with this status and body as they are (e.g. the sign-in
 *   page of a proxy in front of the API server, 200 in HTML);
 * - `hang`: accepts requests and never answers them;
 * - `watch-expired`: answers every watch as an API server that no longer has
 *   the requested resourceVersion does: 200 and one `ERROR` event with a 410
 *   `Expired` Status; lists and other requests pass through;
 * - `tls`: presents a certificate the clients do not trust, so every new
 *   connection fails its TLS handshake;
 * - `refuse`: stops listening, so connections are refused (a cluster down).
 * `status`, `body` and `hang` apply only to the requests `when` accepts, if given.
 */
export type KubernetesFault =
  | {
      type: 'status';
      status: number;
      message?: string;
      when?: KubernetesFaultFilter;
    }
  | {
      type: 'body';
      status: number;
      contentType: string;
      body: string;
      when?: KubernetesFaultFilter;
    }
  | { type: 'hang'; when?: KubernetesFaultFilter }
  | { type: 'watch-expired' }
  | { type: 'tls' }
  | { type: 'refuse' };

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
  /**
   * Injects a fault from now on; `undefined` passes requests through again.
   * Resolves once it is in force (`refuse` closes the port, its end reopens it).
   */
  fault(fault: KubernetesFault | undefined): Promise<void>;
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

function status(code: number, message?: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: message ?? STATUS_CODES[code] ?? 'injected failure',
    reason: REASONS[code] ?? 'Unknown',
    code,
  };
}

function sendStatus(res: ServerResponse, code: number, message?: string) {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(status(code, message)));
}

const isWatch = (request: KubernetesProxiedRequest) =>
  request.query.watch === 'true' || request.query.watch === '1';

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

  const forward = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const forwarded = httpsRequest(
      url,
      {
        method: req.method,
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
  };

  const server = createServer(own, (req, res) => {
    const url = new URL(req.url ?? '/', target.url);
    const request: KubernetesProxiedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
    };
    requests.push(request);
    const fault = current;
    if (
      (fault?.type === 'status' ||
        fault?.type === 'body' ||
        fault?.type === 'hang') &&
      (!fault.when || fault.when(request))
    ) {
      req.resume();
      if (fault.type === 'status') {
        sendStatus(res, fault.status, fault.message);
      } else if (fault.type === 'body') {
        res.writeHead(fault.status, { 'content-type': fault.contentType });
        res.end(fault.body);
      }
      return; // `hang`: never answered; the client's timeout has to fire
    }
    if (fault?.type === 'watch-expired' && isWatch(request)) {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      const from = request.query.resourceVersion ?? '0';
      res.end(
        `${JSON.stringify({
          type: 'ERROR',
          object: status(410, `too old resource version: ${from}`),
        })}\n`,
      );
      return;
    }
    forward(req, res, url);
  });
  server.on('secureConnection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => {
    // the clients refusing the untrusted certificate: what `tls` is for
  });
  const listen = (port: number) =>
    new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', fail);
        done();
      });
    });
  const stopListening = () =>
    new Promise<void>(done => server.close(() => done()));
  await listen(0);
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
    async fault(next) {
      const wasRefusing = current?.type === 'refuse';
      current = next;
      server.setSecureContext(next?.type === 'tls' ? untrusted : own);
      const closing = next?.type === 'refuse' && !wasRefusing;
      const closed = closing ? stopListening() : undefined;
      endConnections();
      await closed;
      if (wasRefusing && next?.type !== 'refuse') {
        await listen(port);
      }
    },
    async close() {
      endConnections();
      upstream.destroy();
      if (current?.type !== 'refuse') {
        await stopListening();
      }
    },
  };
}
