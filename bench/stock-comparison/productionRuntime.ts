import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BackendProcess, startBackendProcess } from './devBackend';

/** What an app's production runtime is made of, besides the backend bundle. */
export interface RuntimeSpec {
  name: string;
  appDir: string;
  /** Files and directories of the app its `app-config.yaml` reads (catalog files, docs). */
  dataFiles: string[];
}

/**
 * An app's production runtime, as its Dockerfile makes one: the backend bundle
 * (`yarn workspace backend build`, the frontend inside), its skeleton with production
 * dependencies only (`yarn workspaces focus --all --production`), and the files its
 * app-config.yaml reads, in `<outDir>/<name>`. `build: false` reuses the app's last bundle.
 */
export function buildProductionRuntime(
  spec: RuntimeSpec,
  outDir: string,
  options: { build: boolean },
): { dir: string; buildMs: number; installMs: number } {
  const { appDir } = spec;
  const dist = join(appDir, 'packages', 'backend', 'dist');
  let buildMs = 0;
  if (options.build || !existsSync(join(dist, 'bundle.tar.gz'))) {
    const started = Date.now();
    console.log(`building ${spec.name}'s backend bundle (frontend included)`);
    execFileSync('yarn', ['workspace', 'backend', 'build'], {
      cwd: appDir,
      stdio: 'inherit',
    });
    buildMs = Date.now() - started;
  }
  const dir = join(outDir, spec.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of [
    '.yarnrc.yml',
    'package.json',
    'yarn.lock',
    'backstage.json',
    '.yarn/releases',
    '.yarn/patches',
  ]) {
    if (existsSync(join(appDir, file))) {
      cpSync(join(appDir, file), join(dir, file), { recursive: true });
    }
  }
  execFileSync('tar', ['xzf', join(dist, 'skeleton.tar.gz'), '-C', dir]);
  const started = Date.now();
  console.log(`installing ${spec.name}'s production dependencies`);
  execFileSync('yarn', ['workspaces', 'focus', '--all', '--production'], {
    cwd: dir,
    stdio: 'inherit',
    env: { ...process.env, YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' },
  });
  const installMs = Date.now() - started;
  execFileSync('tar', ['xzf', join(dist, 'bundle.tar.gz'), '-C', dir]);
  for (const file of ['app-config.yaml', ...spec.dataFiles]) {
    cpSync(join(appDir, file), join(dir, file), { recursive: true });
  }
  return { dir, buildMs, installMs };
}

/**
 * Starts a production runtime as its image does (`node packages/backend`,
 * NODE_ENV=production), from its backend package's directory so that the app-config's
 * relative catalog targets (`../../examples/...`) resolve as in development; the app's
 * `app-config.yaml`, SQLite in memory, and the guest sign-in let through outside
 * development, as both apps' local configs have it.
 */
export async function startProductionBackend(options: {
  name: string;
  dir: string;
  port: number;
  logDir: string;
  env?: Record<string, string>;
}): Promise<BackendProcess & { readyMs: number }> {
  const { name, dir, port, logDir } = options;
  const url = `http://localhost:${port}`;
  const override = join(logDir, `${name}.production.app-config.yaml`);
  writeFileSync(
    override,
    JSON.stringify({
      app: { baseUrl: url },
      backend: {
        baseUrl: url,
        listen: { port },
        cors: { origin: url },
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
      auth: {
        providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
      },
    }),
  );
  const started = Date.now();
  const backend = await startBackendProcess({
    name: `${name}-production`,
    url,
    command: 'node',
    args: ['.', '--config', join(dir, 'app-config.yaml'), '--config', override],
    cwd: join(dir, 'packages', 'backend'),
    logDir,
    env: {
      NODE_OPTIONS: '--no-node-snapshot',
      ...options.env,
      NODE_ENV: 'production',
      APP_BASE_URL: url,
      BACKEND_BASE_URL: url,
    },
  });
  return { ...backend, readyMs: Date.now() - started };
}
