/**
 * Starts everything the e2e journeys run against, in this order, and stops it all on SIGTERM or
 * SIGINT (Playwright's webServer runs it; see playwright.config.ts):
 *
 * 1. the fakes: three Kubernetes API servers (us-east, eu-west, ap-southeast), Argo CD and
 *    PagerDuty, seeded (fakes/seeds.ts) — before the portal, whose config names their URLs;
 * 2. a control API on E2E_CONTROL_PORT for the journeys: readiness, an outage of a cluster,
 *    GitOps syncs of tenant claims into the clusters;
 * 3. the portal with `--config app-config.yaml --config e2e-tests/app-config.e2e.yaml`: the
 *    backend (as `yarn start` runs it, without the file watcher, so that a file saved during a
 *    run does not restart it and lose its in-memory database) and the app's dev server.
 *
 * Logs: e2e-tests/artifacts/logs/{backend,app}.log. Run it alone to poke at the e2e portal:
 *   node --require @backstage/cli/config/nodeTransform.cjs e2e-tests/servers/start.ts
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  ApplicationManifest,
  FakeArgoCd,
  startFakeArgoCd,
} from '../fakes/argocd';
import {
  FakeCluster,
  seedService,
  seedTenant,
  startFakeClusters,
  syncTenantClaim,
  TenantClaim,
} from '../fakes/kubernetes';
import { startFakePagerDuty } from '../fakes/pagerduty';
import { startFakePrometheusRegions } from '../fakes/prometheus';
import {
  argoCdApplications,
  pagerDutyData,
  prometheusData,
  tenants,
  workloads,
} from '../fakes/seeds';
import {
  appPort,
  appUrl,
  backendPort,
  backendUrl,
  controlPort,
} from '../support/ports';
import type { E2eState } from '../support/control';

const repoRoot = resolve(__dirname, '../..');
const logDir = join(repoRoot, 'e2e-tests/artifacts/logs');
const configArgs = [
  '--config',
  join(repoRoot, 'app-config.yaml'),
  '--config',
  join(repoRoot, 'e2e-tests/app-config.e2e.yaml'),
];

const log = (message: string) =>
  process.stdout.write(`[e2e servers] ${message}\n`);

async function main() {
  const children: ChildProcess[] = [];
  const stoppables: Array<() => Promise<unknown>> = [];
  let stopping: Promise<void> | undefined;

  const stop = (code: number) => {
    stopping ??= (async () => {
      log('stopping');
      await Promise.all(children.map(stopChild));
      await Promise.allSettled(stoppables.map(s => s()));
      log('stopped');
      process.exit(code);
    })();
    return stopping;
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  // Under Playwright: when the runner goes away (stdin closes), go too.
  if (process.env.E2E_EXIT_ON_STDIN_END === '1') {
    process.stdin.on('end', () => stop(0));
    process.stdin.resume();
  }

  try {
    const runDir = await mkdtemp(join(tmpdir(), 'bookstore-e2e-'));
    stoppables.push(() => rm(runDir, { recursive: true, force: true }));
    const gitDir = join(runDir, 'git');
    mkdirSync(gitDir);
    mkdirSync(join(runDir, 'techdocs'));
    mkdirSync(logDir, { recursive: true });

    // 1. The fakes.
    const clusters = await startFakeClusters();
    stoppables.push(...clusters.map(c => () => c.api.close()));
    for (const cluster of clusters) {
      for (const workload of workloads[cluster.region] ?? []) {
        seedService(cluster, workload);
      }
      for (const { claim, outcome } of tenants[cluster.region] ?? []) {
        seedTenant(cluster, claim, outcome);
      }
    }
    const argoCd = await startFakeArgoCd({
      token: 'e2e-argocd-token',
      username: 'admin',
      password: 'e2e-argocd-password',
      applications: argoCdApplications,
    });
    stoppables.push(() => argoCd.close());
    const pagerDuty = await startFakePagerDuty({
      apiToken: 'e2e-pagerduty-token',
      data: pagerDutyData,
    });
    stoppables.push(() => pagerDuty.close());
    const prometheus = await startFakePrometheusRegions(prometheusData);
    stoppables.push(...prometheus.map(p => () => p.prometheus.close()));

    const state: E2eState = {
      appUrl,
      backendUrl,
      runDir,
      gitDir,
      argoCdUrl: argoCd.url,
      pagerDutyUrl: pagerDuty.url,
      clusters: clusters.map(c => ({
        name: c.name,
        region: c.region,
        url: c.api.url,
      })),
    };

    // 2. The control API.
    const control = await startControlApi(state, clusters, argoCd);
    stoppables.push(() => control.close());

    // 3. The portal.
    const env = {
      ...process.env,
      NODE_ENV: 'development',
      BROWSER: 'none',
      APP_BASE_URL: appUrl,
      BACKEND_BASE_URL: backendUrl,
      BACKEND_PORT: String(backendPort),
      BOOKSTORE_LOCAL_GIT_DIR: gitDir,
      E2E_RUN_DIR: runDir,
      E2E_ARGOCD_URL: argoCd.url,
      E2E_PAGERDUTY_URL: pagerDuty.url,
      ...Object.fromEntries(
        prometheus.map(p => [
          `E2E_PROMETHEUS_${p.region.toUpperCase().replace(/-/g, '_')}_URL`,
          p.prometheus.url,
        ]),
      ),
      ...Object.fromEntries(
        clusters.map(c => [
          `E2E_K8S_${c.name.toUpperCase().replace(/-/g, '_')}_URL`,
          c.api.url,
        ]),
      ),
    };
    const onExit =
      (name: string) => (code: number | null, signal: string | null) => {
        if (!stopping) {
          log(
            `${name} exited (${
              signal ?? code
            }) before the run ended; see ${logDir}/${name}.log`,
          );
          void stop(1);
        }
      };
    const backend = spawn(
      process.execPath,
      [
        '--enable-source-maps',
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        'src/index',
        ...configArgs,
      ],
      {
        cwd: join(repoRoot, 'packages/backend'),
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    pipeToLog(backend, 'backend');
    backend.on('exit', onExit('backend'));
    children.push(backend);

    const app = spawn(
      process.execPath,
      [
        require.resolve('@backstage/cli/bin/backstage-cli'),
        'package',
        'start',
        ...configArgs,
      ],
      {
        cwd: join(repoRoot, 'packages/app'),
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    pipeToLog(app, 'app');
    app.on('exit', onExit('app'));
    children.push(app);

    log(
      `fakes up (${clusters
        .map(c => `${c.name} ${c.api.url}`)
        .join(', ')}, Argo CD ${argoCd.url}, PagerDuty ${
        pagerDuty.url
      }); starting the backend on :${backendPort} and the app on :${appPort}`,
    );
    log(`control API on :${controlPort}; run directory ${runDir}`);
  } catch (error) {
    log(`could not start: ${error instanceof Error ? error.stack : error}`);
    await stop(1);
  }
}

function pipeToLog(child: ChildProcess, name: string) {
  const file = createWriteStream(join(logDir, `${name}.log`));
  child.stdout?.pipe(file);
  child.stderr?.pipe(file);
}

/** SIGTERM, then SIGKILL if the child has not exited within 15 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise(resolveStop => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

async function isUp(url: string, timeoutMs = 5_000): Promise<boolean> {
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * The journeys' handle on the fakes (test code only; JSON over HTTP on loopback):
 * - `GET /ready`: 200 once the backend is ready and the app's dev server serves the app;
 * - `GET /state`: the URLs and directories of this run ({@link E2eState});
 * - `POST /clusters/:name/outage` `{status?}`: the cluster goes down — open watches end and
 *   every request is answered with `status` (503) until `POST /clusters/:name/recover`;
 * - `GET /clusters/:name/requests?since=N`: the requests the cluster received from the N-th on;
 * - `POST /gitops/sync` `{manifest}`: GitOps takes the BookstoreTenant claims of a YAML
 *   manifest into the clusters of their regions and Crossplane reconciles them; its Argo CD
 *   Applications go to Argo CD, which syncs them.
 */
async function startControlApi(
  state: E2eState,
  clusters: FakeCluster[],
  argoCd: FakeArgoCd,
): Promise<{ close(): Promise<void> }> {
  let ready = false;
  let checking: Promise<boolean> | undefined;
  const checkReady = async () => {
    if (!ready) {
      checking ??= Promise.all([
        isUp(`${backendUrl}/.backstage/health/v1/readiness`),
        // The dev server holds requests until webpack has compiled the app.
        isUp(appUrl, 240_000),
      ]).then(([backendUp, appUp]) => {
        checking = undefined;
        ready = backendUp && appUp;
        if (ready) {
          log('portal ready');
        }
        return ready;
      });
      await checking;
    }
    return ready;
  };
  const cluster = (name: string) => clusters.find(c => c.name === name);

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length
      ? JSON.parse(Buffer.concat(chunks).toString('utf8'))
      : {};
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    try {
      const path = url.pathname;
      if (path === '/ready') {
        const isReady = await checkReady();
        send(isReady ? 200 : 503, { ready: isReady });
        return;
      }
      if (path === '/state') {
        send(200, state);
        return;
      }
      const clusterMatch = path.match(
        /^\/clusters\/([^/]+)\/(outage|recover|requests)$/,
      );
      if (clusterMatch) {
        const target = cluster(clusterMatch[1]);
        if (!target) {
          send(404, { error: `no cluster ${clusterMatch[1]}` });
          return;
        }
        if (clusterMatch[2] === 'outage') {
          const status = Number(body.status ?? 503);
          target.api.fail({
            status,
            message:
              status === 503
                ? 'the server is currently unable to handle the request'
                : undefined,
          });
          target.api.endWatches();
          send(200, {
            cluster: target.name,
            down: true,
            requests: target.api.requests.length,
          });
          return;
        }
        if (clusterMatch[2] === 'recover') {
          target.api.fail(undefined);
          send(200, { cluster: target.name, down: false });
          return;
        }
        const since = Number(url.searchParams.get('since') ?? 0);
        send(200, {
          total: target.api.requests.length,
          requests: target.api.requests.slice(since).map(r => ({
            method: r.method,
            path: r.path,
            query: r.query,
          })),
        });
        return;
      }
      if (path === '/gitops/sync' && req.method === 'POST') {
        const documents = parseAllDocuments(String(body.manifest ?? ''))
          .map(doc => doc.toJS())
          .filter(Boolean) as Array<TenantClaim | ApplicationManifest>;
        const claims = documents.filter(
          (d): d is TenantClaim => d.kind === 'BookstoreTenant',
        );
        const applications = documents.filter(
          (d): d is ApplicationManifest => d.kind === 'Application',
        );
        if (claims.length + applications.length === 0) {
          send(400, {
            error: 'the manifest holds no BookstoreTenant and no Application',
          });
          return;
        }
        const applied: Array<{ cluster: string; path: string }> = [];
        for (const claim of claims) {
          for (const region of claim.spec.parameters.regions) {
            const target = clusters.find(c => c.region === region);
            if (!target) {
              send(400, { error: `no cluster for region ${region}` });
              return;
            }
            applied.push({
              cluster: target.name,
              path: await syncTenantClaim(target, claim),
            });
          }
        }
        const deployed: string[] = [];
        for (const application of applications) {
          deployed.push((await argoCd.deploy(application)).metadata.name);
        }
        send(200, { applied, deployed });
        return;
      }
      send(404, { error: `no control endpoint ${req.method} ${path}` });
    } catch (error) {
      send(500, { error: String(error) });
    }
  });
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(controlPort, '127.0.0.1', resolveListen);
  });
  return {
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>(resolveClose =>
        server.close(() => resolveClose()),
      );
    },
  };
}

main();
