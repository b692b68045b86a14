import { JsonObject } from '@backstage/types';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { freePort } from './freePort';
import { repoRoot } from './portalConfig';

/**
 * The portal's backend (packages/backend/src/index.ts, the features as they ship) in a process of
 * its own, as a replica runs, with `config` as its only app-config: for what only a process can
 * show, such as a replica killed mid-task. Resolves once it answers readiness.
 */
export async function startBackendProcess(config: JsonObject, dir: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const configFile = join(dir, `backend-${port}.json`);
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
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      configFile,
    ],
    { cwd: backendDir, env: process.env, stdio: 'ignore' },
  );
  const exited = new Promise<number | null>(r =>
    child.once('exit', code => r(code)),
  );
  let exitCode: number | null | undefined;
  exited.then(code => (exitCode = code));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(
        `the backend process exited with ${exitCode} before it was ready`,
      );
    }
    const ready = await fetch(`${url}/.backstage/health/v1/readiness`)
      .then(r => r.ok)
      .catch(() => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the backend process was not ready in 180 s');
    }
    await new Promise(r => setTimeout(r, 500));
  }
  return {
    url,
    /** Ends the process at once, as when its pod or node dies. */
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
