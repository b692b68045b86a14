import { JsonObject } from '@backstage/types';
import { spawn } from 'node:child_process';
import {
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { freePort } from './freePort';
import { repoRoot } from './portalConfig';

/** The last lines a backend process wrote, for an error that says why it went wrong. */
function tailOf(logFile: string, lines = 30): string {
  try {
    return readFileSync(logFile, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .join('\n');
  } catch {
    return '(no output)';
  }
}

/**
 * The portal's backend (packages/backend/src/index.ts, the features as they ship) in a process of
 * its own, as a replica runs, with `config` as its only app-config: for what only a process can
 * show, such as a replica killed mid-task, and for the production configuration, whose auth
 * sessions keep a cleanup timer on the database that no stop ends (it would fire into whatever
 * test runs next in the same jest worker). Its output goes to `backend-<port>.log` in `dir`.
 * Resolves once it answers readiness.
 */
export async function startBackendProcess(config: JsonObject, dir: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const configFile = join(dir, `backend-${port}.json`);
  const logFile = join(dir, `backend-${port}.log`);
  const backend = (config.backend ?? {}) as JsonObject;
  writeFileSync(
    configFile,
    JSON.stringify({
      ...config,
      app: { ...((config.app ?? {}) as JsonObject), baseUrl: url },
      backend: {
        ...backend,
        baseUrl: url,
        listen: { port, host: '127.0.0.1' },
      },
    }),
  );
  const backendDir = resolvePath(repoRoot, 'packages/backend');
  const output = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      configFile,
    ],
    { cwd: backendDir, env: process.env, stdio: ['ignore', output, output] },
  );
  const exited = new Promise<number | null>(r =>
    child.once('exit', code => r(code)),
  );
  let exitCode: number | null | undefined;
  exited.then(code => (exitCode = code));
  // Within the tests' 300 s, so that a slow start fails with its log rather than a jest timeout.
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(
        `the backend process exited with ${exitCode} before it was ready:\n${tailOf(
          logFile,
        )}`,
      );
    }
    const ready = await fetch(`${url}/.backstage/health/v1/readiness`)
      .then(r => r.ok)
      .catch(() => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `the backend process was not ready in 240 s:\n${tailOf(logFile)}`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
  return {
    url,
    logFile,
    /** Ends the process at once, as when its pod or node dies. */
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    /** Stops it as Kubernetes stops a pod: SIGTERM, then SIGKILL after 30 s. */
    async stop() {
      if (exitCode !== undefined) {
        return;
      }
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/**
 * A production-config backend in a process of its own (see {@link startBackendProcess}), its
 * files in a temporary directory that `stop` removes. `server` is its URL, for supertest.
 */
export async function startProductionBackend(config: JsonObject) {
  const dir = mkdtempSync(join(tmpdir(), 'production-backend-'));
  try {
    const backend = await startBackendProcess(config, dir);
    return {
      server: backend.url,
      logFile: backend.logFile,
      async stop() {
        await backend.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
