import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';

/** One request as the fakes see it. */
export interface FakeRequest {
  method: string;
  path: string;
  /** Query parameters; repeated ones (`statuses[]=a&statuses[]=b`) as arrays. */
  query: Record<string, string | string[]>;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** What a handler answers; `undefined` means 404 in the fake's own error format. */
export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A running fake: its base URL, what it received, and how to stop it. */
export interface RunningFake {
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

function parseQuery(search: URLSearchParams): FakeRequest['query'] {
  const query: FakeRequest['query'] = {};
  for (const [key, value] of search) {
    const existing = query[key];
    if (existing === undefined) {
      query[key] = key.endsWith('[]') ? [value] : value;
    } else {
      query[key] = [existing, value].flat();
    }
  }
  return query;
}

/** The values of a query parameter, as a list (`x[]=a&x[]=b` or `x=a`). */
export function queryList(query: FakeRequest['query'], key: string): string[] {
  const value = query[key] ?? query[`${key}[]`];
  return value === undefined ? [] : [value].flat();
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Starts a JSON-over-HTTP fake on a free loopback port. The handler gets every
 * request; `notFound` is the fake's own 404 body for paths it does not serve.
 */
export async function startJsonServer(options: {
  handle: (request: FakeRequest) => FakeResponse | undefined;
  notFound: (request: FakeRequest) => unknown;
  port?: number;
  host?: string;
}): Promise<RunningFake & { server: Server }> {
  const requests: FakeRequest[] = [];
  const send = (res: ServerResponse, response: FakeResponse) => {
    const isText = typeof response.body === 'string';
    res.writeHead(response.status, {
      'Content-Type': isText ? 'text/plain' : 'application/json',
      ...response.headers,
    });
    res.end(
      response.body === undefined
        ? ''
        : isText
        ? (response.body as string)
        : JSON.stringify(response.body),
    );
  };
  const server = createServer((req, res) => {
    (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: parseQuery(url.searchParams),
        headers: req.headers,
        body: await readBody(req),
      };
      requests.push(request);
      send(
        res,
        options.handle(request) ?? {
          status: 404,
          body: options.notFound(request),
        },
      );
    })().catch(error => {
      send(res, { status: 500, body: { error: String(error) } });
    });
  });
  await new Promise<void>(resolve =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
