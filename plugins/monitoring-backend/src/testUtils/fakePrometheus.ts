import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** An alerting rule the fake evaluates to the given state, with its active alerts. */
export interface FakeAlertingRule {
  group: string;
  name: string;
  query: string;
  severity: string;
  summary: string;
  state: 'inactive' | 'pending' | 'firing';
  /** When its alert became active (RFC 3339); for pending and firing rules. */
  activeAt?: string;
  /** More labels of its alert (e.g. `service`, `region`). */
  labels?: Record<string, string>;
  health?: 'ok' | 'err' | 'unknown';
  lastError?: string;
}

/** A series the fake answers range queries with, when the query contains (or matches) `match`. */
export interface FakeSeries {
  match: string | RegExp;
  metric: Record<string, string>;
  /** The value at a unix time (seconds). */
  value: (t: number) => number;
}

export interface FakePrometheusData {
  rules: FakeAlertingRule[];
  series: FakeSeries[];
}

/** A request the fake received. */
export interface FakePrometheusRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
}

/** A running fake Prometheus. */
export interface FakePrometheus {
  url: string;
  requests: FakePrometheusRequest[];
  /** Replaces what the fake serves. */
  setData(data: FakePrometheusData): void;
  /** Answer every request with this HTTP status (and Prometheus' error body), until `undefined`. */
  fail(status: number | undefined): void;
  /** Wait this long before answering every request (0: at once). */
  delay(ms: number): void;
  close(): Promise<void>;
}

const MAX_POINTS = 11_000;

function alertOf(rule: FakeAlertingRule) {
  return {
    labels: {
      alertname: rule.name,
      severity: rule.severity,
      ...rule.labels,
    },
    annotations: { summary: rule.summary },
    state: rule.state,
    activeAt: rule.activeAt,
    value: '1e+00',
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function badData(res: ServerResponse, error: string) {
  send(res, 400, { status: 'error', errorType: 'bad_data', error });
}

/**
 * A small Prometheus speaking its HTTP API's wire format, for tests:
 * `GET /api/v1/alerts`, `GET /api/v1/rules` (`type=alert|record`) and
 * `GET|POST /api/v1/query_range` (`query`, `start`, `end`, `step` in unix
 * seconds or float seconds; errors as `{status: "error", errorType, error}`).
 * With `token`, requests without `Authorization: Bearer <token>` get 401.
 */
export async function startFakePrometheus(
  options: { data?: FakePrometheusData; token?: string } = {},
): Promise<FakePrometheus> {
  let data: FakePrometheusData = options.data ?? { rules: [], series: [] };
  let failure: number | undefined;
  let delayMs = 0;
  const requests: FakePrometheusRequest[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://prometheus');
    const query = Object.fromEntries(url.searchParams);
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      Object.assign(
        query,
        Object.fromEntries(
          new URLSearchParams(Buffer.concat(chunks).toString()),
        ),
      );
    }
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      authorization: req.headers.authorization,
    });
    if (delayMs > 0) {
      await new Promise(resolve => setTimeout(resolve, delayMs));
    }
    if (
      options.token &&
      req.headers.authorization !== `Bearer ${options.token}`
    ) {
      res.writeHead(401, { 'Content-Type': 'text/plain' });
      res.end('Unauthorized\n');
      return;
    }
    if (failure) {
      send(res, failure, {
        status: 'error',
        errorType: 'unavailable',
        error: 'the server is shutting down',
      });
      return;
    }
    if (url.pathname === '/api/v1/alerts') {
      send(res, 200, {
        status: 'success',
        data: {
          alerts: data.rules.filter(r => r.state !== 'inactive').map(alertOf),
        },
      });
      return;
    }
    if (url.pathname === '/api/v1/rules') {
      const groups = [...new Set(data.rules.map(r => r.group))].map(name => ({
        name,
        file: `/etc/prometheus/rules/${name}.yaml`,
        interval: 30,
        limit: 0,
        evaluationTime: 0.0012,
        lastEvaluation: new Date().toISOString(),
        rules:
          query.type === 'record'
            ? []
            : data.rules
                .filter(r => r.group === name)
                .map(rule => ({
                  state: rule.state,
                  name: rule.name,
                  query: rule.query,
                  duration: 300,
                  keepFiringFor: 0,
                  labels: { severity: rule.severity },
                  annotations: { summary: rule.summary },
                  alerts: rule.state === 'inactive' ? [] : [alertOf(rule)],
                  health: rule.health ?? 'ok',
                  ...(rule.lastError ? { lastError: rule.lastError } : {}),
                  evaluationTime: 0.0004,
                  lastEvaluation: new Date().toISOString(),
                  type: 'alerting',
                })),
      }));
      send(res, 200, { status: 'success', data: { groups } });
      return;
    }
    if (url.pathname === '/api/v1/query_range') {
      const start = Number(query.start);
      const end = Number(query.end);
      const step = Number(query.step);
      if (!query.query) {
        badData(res, 'invalid parameter "query": unknown expression');
        return;
      }
      if (![start, end, step].every(Number.isFinite) || step <= 0) {
        badData(res, 'invalid parameter "start", "end" or "step"');
        return;
      }
      if (end < start) {
        badData(res, 'end timestamp must not be before start time');
        return;
      }
      if ((end - start) / step > MAX_POINTS) {
        badData(
          res,
          'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
        );
        return;
      }
      const times: number[] = [];
      for (let t = start; t <= end; t += step) times.push(t);
      send(res, 200, {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: data.series
            .filter(s =>
              typeof s.match === 'string'
                ? query.query.includes(s.match)
                : s.match.test(query.query),
            )
            .map(s => ({
              metric: s.metric,
              values: times.map(t => [t, String(s.value(t))]),
            })),
        },
      });
      return;
    }
    send(res, 404, {
      status: 'error',
      errorType: 'not_found',
      error: `no endpoint ${url.pathname}`,
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(error => {
      send(res, 500, {
        status: 'error',
        errorType: 'internal',
        error: String(error),
      });
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setData(next) {
      data = next;
    },
    fail(status) {
      failure = status;
    },
    delay(ms) {
      delayMs = ms;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
