/*
 * The image's runtime stage, proven without a Docker engine.
 *
 * The Dockerfile is read and its steps are carried out on this machine:
 *   build stage    its RUN steps in the repository (the bundle is built exactly as there); the
 *                  install and type check steps are the suite's own and are not run twice
 *   prod-deps      every COPY and RUN, into <tmp>/prod-deps (the stage's /)
 *   runtime        every COPY, ENV, WORKDIR, USER, HEALTHCHECK and CMD, into <tmp>/runtime
 *                  (apt-get steps excepted: those Debian packages come from scripts/setup-system.sh)
 * Then the Helm chart is rendered and the result started the way the chart's pod runs it: the
 * Deployment's args, env (secretKeyRefs answered from a stand-in for the existing Secrets),
 * volumes (emptyDir, the extra app-config ConfigMap) and runAsUser, against a throwaway
 * PostgreSQL. Paths inside the image (/app, /tmp, ...) live under <tmp>/runtime; everything
 * else in the image's filesystem stays read-only to the portal's user.
 *
 * One deviation, to never collide with a portal already running here: the backend listens on a
 * free loopback port (set through the chart's extraAppConfig) instead of 7007.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, posix, relative } from 'node:path';
import { promisify } from 'node:util';
// The backend's own test helpers, shared rather than copied: a throwaway PostgreSQL, and an
// OpenID discovery document standing in for Keycloak's realm.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { serveOidcDiscovery } from '../../../backend/src/__testUtils__/oidc';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  startPostgres,
  type TestPostgres,
} from '../../../backend/src/__testUtils__/postgres';
import {
  copyArgs,
  envOf,
  Instruction,
  readDockerfile,
  Stage,
} from './dockerfile';
import { K8sObject, renderChart } from './helm';
import { repoRoot } from './paths';

const run = promisify(execFile);

/** Build-stage steps that the suite runs itself, before any test. */
export const buildStepsRunElsewhere: Record<string, string> = {
  'yarn install --immutable':
    'scripts/portal install (yarn install --immutable in CI)',
  'yarn tsc': "the suite's type check step (scripts/portal test)",
};

export interface RuntimeCheckOptions {
  /** Run the build stage's steps (default); false reuses packages/backend/dist as it is. */
  build?: boolean;
  /** Keep the temporary directory, for a look after the run. */
  keep?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface RuntimeCheckResult {
  /** Milliseconds per phase. */
  durations: Record<string, number>;
  sizes: {
    /** packages/backend/dist/bundle.tar.gz */
    bundleBytes: number;
    /** The bundle's files, unpacked. */
    bundleUnpackedBytes: number;
    skeletonBytes: number;
    /** What the runtime stage adds to its base image, without the apt-get layer. */
    runtimeBytes: number;
    /** Of which the production node_modules. */
    nodeModulesBytes: number;
    /** runtimeBytes as disk usage (du -sk, 4 KiB blocks): what it takes on a node's disk. */
    runtimeDiskBytes: number;
  };
  checks: Check[];
  /** Development tools found in the runtime's node_modules (should be none). */
  devPackagesInRuntime: string[];
  /**
   * Runtime packages whose config schema is a TypeScript file (should be none): the backend
   * would compile it at every start, with the whole TypeScript compiler in its memory.
   */
  uncompiledConfigSchemas: string[];
  /** Dockerfile steps not carried out here, and why. */
  skipped: string[];
  /** The user the backend ran as. */
  uid: number;
  gid: number;
  tmpDir: string;
}

/**
 * The packages of `nodeModules` (top level and scoped) whose package.json names a `.d.ts` as
 * its `configSchema`, which the config loader compiles with TypeScript at run time.
 */
function tsConfigSchemasIn(nodeModules: string): string[] {
  const names = readdirSync(nodeModules).flatMap(entry =>
    entry.startsWith('@')
      ? readdirSync(join(nodeModules, entry)).map(name => `${entry}/${name}`)
      : [entry],
  );
  return names.filter(name => {
    const manifest = join(nodeModules, name, 'package.json');
    if (!existsSync(manifest)) return false;
    const { configSchema } = JSON.parse(readFileSync(manifest, 'utf8'));
    return typeof configSchema === 'string' && configSchema.endsWith('.d.ts');
  });
}

/** Build and test tools: never needed at runtime, each would mean dev dependencies were installed. */
const developmentOnly = [
  '@aws-cdk/lambda-layer-kubectl-v34',
  '@backstage/backend-test-utils',
  '@backstage/cli',
  '@backstage/e2e-test-utils',
  '@playwright/test',
  '@rspack/core',
  '@swc/core',
  'eslint',
  'jest',
  'jsdom',
  'prettier',
  'supertest',
  'webpack',
];

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Environment for the Dockerfile's RUN steps: the machine's, less what a running yarn or jest adds. */
function buildEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_(?!config_nodedir$)|BERRY_|JEST_)/.test(key)) continue;
    if (['PROJECT_CWD', 'INIT_CWD', 'NODE_ENV', 'NODE_OPTIONS'].includes(key))
      continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

async function sh(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
) {
  appendFileSync(logFile, `\n$ ${command}   (in ${cwd})\n`);
  const out = openSync(logFile, 'a');
  try {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd,
      env,
      stdio: ['ignore', out, out],
    });
    const code = await new Promise<number | null>((res, rej) => {
      child.once('error', rej);
      child.once('exit', c => res(c));
    });
    if (code !== 0) {
      const tail = readFileSync(logFile, 'utf8')
        .split('\n')
        .slice(-60)
        .join('\n');
      throw new Error(`\`${command}\` exited with ${code}\n${tail}`);
    }
  } finally {
    closeSync(out);
  }
}

async function duBytes(path: string): Promise<number> {
  const { stdout } = await run('du', ['-sb', path]);
  return Number(stdout.split(/\s/)[0]);
}

async function tarUnpackedBytes(archive: string): Promise<number> {
  const { stdout } = await run('tar', ['-tzvf', archive], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout
    .split('\n')
    .filter(Boolean)
    .reduce((sum, line) => sum + Number(line.split(/\s+/)[2] || 0), 0);
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? res(address.port)
          : rej(new Error('no port')),
      );
    });
  });
}

/** A GET on loopback with its own agent (jest blocks the global one and fetch). */
export function httpGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((res, rej) => {
    const req = request(
      url,
      { agent: new Agent(), headers, timeout: 15_000 },
      response => {
        const chunks: Buffer[] = [];
        response.on('data', c => chunks.push(c));
        response.on('end', () =>
          res({
            status: response.statusCode ?? 0,
            type: String(response.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', rej);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', rej);
    req.end();
  });
}

/** A Dockerfile RUN's command, without its --mount/--network flags. */
const runCommand = (instruction: Instruction) =>
  instruction.exec?.join(' ') ?? instruction.text;

/** The stage's working directory, following FROM <stage> to where it was set. */
function workdirOf(stages: Stage[], stage: Stage): string {
  let dir = '/';
  const parent = stages.find(s => s.name === stage.from);
  if (parent) dir = workdirOf(stages, parent);
  for (const i of stage.instructions) {
    if (i.keyword === 'WORKDIR') dir = posix.resolve(dir, i.text.trim());
  }
  return dir;
}

/** Copies like COPY: a directory's contents into dest, files into dest (a directory if it ends with /). */
async function copyInto(sources: string[], dest: string, hardlink: boolean) {
  const intoDir = sources.length > 1 || dest.endsWith('/');
  for (const source of sources) {
    if (!existsSync(source))
      throw new Error(`COPY source ${source} does not exist`);
    const isDir = statSync(source).isDirectory();
    const target =
      !isDir && intoDir ? join(dest, posix.basename(source)) : dest;
    mkdirSync(isDir ? target : dirname(target), { recursive: true });
    const from = isDir ? `${source}/.` : source;
    await run('cp', [hardlink ? '-al' : '-a', from, target]);
  }
}

async function chownTree(path: string, uid: number, gid: number) {
  await run('chown', ['-R', `${uid}:${gid}`, path]);
}

interface Image {
  env: Record<string, string>;
  workdir: string;
  user?: string;
  cmd: string[];
  entrypoint: string[];
  healthcheck: string[];
  exposed: number[];
}

/** A minimal .dockerignore matcher (patterns relative to the context, ** and * and ?, ! exceptions). */
export function dockerignoreMatcher(source: string): (path: string) => boolean {
  const rules = source
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'))
    .map(l => {
      const negate = l.startsWith('!');
      const pattern = posix
        .normalize((negate ? l.slice(1) : l).replace(/^\/+/, ''))
        .replace(/\/+$/, '');
      const regex = pattern
        .split('/')
        .map(part =>
          part === '**'
            ? '(?:.*)'
            : part
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]'),
        )
        .join('/')
        .replace(/\(\?:\.\*\)\//g, '(?:.*/)?');
      // A pattern matches the path itself or any directory above it.
      return { negate, regex: new RegExp(`^${regex}(?:/.*)?$`) };
    });
  return (path: string) => {
    let ignored = false;
    for (const rule of rules) {
      if (rule.regex.test(path)) ignored = !rule.negate;
    }
    return ignored;
  };
}

/** Copies build-context sources (relative to the repository) as `docker build .` would see them. */
async function copyFromContext(sources: string[], dest: string) {
  const ignored = dockerignoreMatcher(
    readFileSync(join(repoRoot, '.dockerignore'), 'utf8'),
  );
  const expanded: string[] = [];
  for (const source of sources) {
    if (/[*?]/.test(source)) {
      const dir = posix.dirname(source);
      const pattern = new RegExp(
        `^${posix
          .basename(source)
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      );
      for (const name of readdirSync(join(repoRoot, dir))) {
        if (pattern.test(name)) expanded.push(posix.join(dir, name));
      }
    } else {
      expanded.push(posix.normalize(source));
    }
  }
  const kept = expanded.filter(s => !ignored(s));
  await copyInto(
    kept.map(s => join(repoRoot, s)),
    dest,
    false,
  );
  // Remove what .dockerignore keeps out of the context below a copied directory.
  for (const source of kept) {
    const root = join(repoRoot, source);
    if (!statSync(root).isDirectory()) continue;
    const { stdout } = await run('find', ['.', '-mindepth', '1'], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
    const target = dest;
    for (const rel of stdout.split('\n').filter(Boolean)) {
      const contextPath = posix.join(source, rel.replace(/^\.\//, ''));
      if (ignored(contextPath))
        rmSync(join(target, rel), { recursive: true, force: true });
    }
  }
}

/** Carries out a stage's COPY/RUN/ENV/... into `root` (the stage's `/`). */
async function executeStage(options: {
  stages: Stage[];
  stage: Stage;
  root: string;
  /** Where `COPY --from=<stage>` reads each stage's `/`. */
  stageRoots: Record<string, string>;
  runEnv: NodeJS.ProcessEnv;
  logFile: string;
  skipped: string[];
  chownTo?: { uid: number; gid: number };
}): Promise<Image> {
  const { stages, stage, root, stageRoots, logFile, skipped } = options;
  const inRoot = (path: string) => join(root, path);
  const parent = stages.find(s => s.name === stage.from);
  const image: Image = {
    env: {},
    workdir: parent ? workdirOf(stages, parent) : '/',
    cmd: [],
    entrypoint: [],
    healthcheck: [],
    exposed: [],
  };
  if (parent) {
    for (const i of parent.instructions.filter(x => x.keyword === 'ENV')) {
      skipped.push(
        `${stage.name}: ENV ${i.text} inherited from ${parent.name} (line ${i.line}): this machine's equivalent comes from scripts/node-env.sh`,
      );
    }
    const parentRuns = parent.instructions.filter(
      x => x.keyword === 'RUN' || x.keyword === 'COPY',
    );
    for (const i of parentRuns) {
      skipped.push(
        `${parent.name}: ${i.keyword} ${runCommand(i)} (line ${
          i.line
        }): this machine's toolchain (python3, g++, make)`,
      );
    }
  }
  mkdirSync(inRoot(image.workdir), { recursive: true });
  for (const instruction of stage.instructions) {
    const where = `${stage.name} line ${instruction.line}`;
    switch (instruction.keyword) {
      case 'WORKDIR':
        image.workdir = posix.resolve(image.workdir, instruction.text.trim());
        mkdirSync(inRoot(image.workdir), { recursive: true });
        break;
      case 'ENV':
        Object.assign(image.env, envOf(instruction));
        break;
      case 'USER':
        image.user = instruction.text.trim();
        break;
      case 'EXPOSE':
        image.exposed.push(
          ...instruction.text.split(/\s+/).map(p => parseInt(p, 10)),
        );
        break;
      case 'CMD':
        image.cmd = instruction.exec ?? ['/bin/sh', '-c', instruction.text];
        break;
      case 'ENTRYPOINT':
        image.entrypoint = instruction.exec ?? [
          '/bin/sh',
          '-c',
          instruction.text,
        ];
        break;
      case 'HEALTHCHECK': {
        const cmd = /^CMD\s+(.*)$/s.exec(instruction.text.trim());
        if (!cmd) throw new Error(`${where}: HEALTHCHECK without CMD`);
        const body = cmd[1].trim();
        image.healthcheck = body.startsWith('[')
          ? JSON.parse(body)
          : ['/bin/sh', '-c', body];
        break;
      }
      case 'RUN': {
        const command = runCommand(instruction);
        if (/^apt-get\b/.test(command)) {
          skipped.push(
            `${where}: RUN ${command}: Debian packages; here from scripts/setup-system.sh`,
          );
          break;
        }
        await sh(
          command,
          inRoot(image.workdir),
          { ...options.runEnv, ...image.env },
          logFile,
        );
        break;
      }
      case 'COPY': {
        const { sources, dest } = copyArgs(instruction);
        const target =
          inRoot(posix.resolve(image.workdir, dest)) +
          (dest.endsWith('/') ? '/' : '');
        const from = instruction.flags.from?.[0];
        if (from) {
          const fromRoot = stageRoots[from];
          if (!fromRoot)
            throw new Error(
              `${where}: COPY --from=${from}: that stage is not carried out here`,
            );
          // Hard links are only made between this check's own stages, never into the repository.
          await copyInto(
            sources.map(s => join(fromRoot, s)),
            target,
            from !== 'build',
          );
        } else {
          await copyFromContext(sources, target);
        }
        const chown = instruction.flags.chown?.[0];
        if (chown && options.chownTo) {
          await chownTree(target, options.chownTo.uid, options.chownTo.gid);
        }
        break;
      }
      case 'ARG':
      case 'LABEL':
        break;
      default:
        throw new Error(
          `${where}: ${instruction.keyword} is not carried out by the runtime check; extend imageRuntime.ts`,
        );
    }
  }
  return image;
}

/** Resolves a container's env like the kubelet, with `secrets` standing in for existing Secrets. */
export function resolveContainerEnv(
  container: any,
  secrets: Record<string, Record<string, string>>,
  configMaps: Record<string, Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const data = from.secretRef
      ? secrets[from.secretRef.name]
      : configMaps[from.configMapRef?.name];
    if (!data && !(from.secretRef ?? from.configMapRef).optional) {
      throw new Error(`envFrom ${JSON.stringify(from)}: no such object`);
    }
    for (const [key, value] of Object.entries(data ?? {}))
      env[`${from.prefix ?? ''}${key}`] = value;
  }
  for (const entry of container.env ?? []) {
    if ('value' in entry) {
      env[entry.name] = String(entry.value).replace(
        /\$\((\w+)\)/g,
        (m, name) => env[name] ?? m,
      );
    } else if (
      entry.valueFrom?.secretKeyRef ||
      entry.valueFrom?.configMapKeyRef
    ) {
      const ref =
        entry.valueFrom.secretKeyRef ?? entry.valueFrom.configMapKeyRef;
      const store = entry.valueFrom.secretKeyRef ? secrets : configMaps;
      const value = store[ref.name]?.[ref.key];
      if (value === undefined) {
        if (ref.optional) continue;
        throw new Error(
          `env ${entry.name}: ${ref.name}/${ref.key} does not exist (the pod would not start)`,
        );
      }
      env[entry.name] = value;
    } else {
      throw new Error(
        `env ${entry.name}: ${JSON.stringify(
          entry.valueFrom,
        )} is not supported by the runtime check`,
      );
    }
  }
  return env;
}

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  alive: () => void,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    alive();
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${what}: not within ${timeoutMs / 1000} s${last ? ` (${last})` : ''}`,
      );
    await new Promise(r => setTimeout(r, 500));
  }
}

/** Runs the whole check; throws on the first failed step, with the logs' tails. */
export async function runImageRuntimeCheck(
  options: RuntimeCheckOptions = {},
): Promise<RuntimeCheckResult> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const durations: Record<string, number> = {};
  const time = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    try {
      return await fn();
    } finally {
      durations[name] = Date.now() - t0;
    }
  };
  const skipped: string[] = [];
  const checks: Check[] = [];
  const dockerfile = readDockerfile();
  const build = dockerfile.stage('build');
  const prodDeps = dockerfile.stage('prod-deps');
  const runtime = dockerfile.stage('runtime');

  const tmp = mkdtempSync(join(tmpdir(), 'portal-image-'));
  chmodSync(tmp, 0o755);
  const logFile = join(tmp, 'steps.log');
  writeFileSync(logFile, '');
  const asRoot = process.getuid?.() === 0;
  let postgres: TestPostgres | undefined;
  let keycloak: Awaited<ReturnType<typeof serveOidcDiscovery>> | undefined;
  let backend: ChildProcess | undefined;
  let backendExit: Promise<number | null> | undefined;
  try {
    // --- build stage: the bundle, built as the Dockerfile builds it.
    if (options.build !== false) {
      await time('build', async () => {
        for (const instruction of build.instructions.filter(
          i => i.keyword === 'RUN',
        )) {
          const command = runCommand(instruction);
          if (buildStepsRunElsewhere[command]) {
            skipped.push(
              `build line ${instruction.line}: RUN ${command}: ${buildStepsRunElsewhere[command]}`,
            );
            continue;
          }
          log(`build: ${command}`);
          await sh(command, repoRoot, buildEnv(), logFile);
        }
      });
    } else {
      skipped.push(
        'build: the bundle in packages/backend/dist was reused (build: false)',
      );
    }
    const bundle = join(repoRoot, 'packages/backend/dist/bundle.tar.gz');
    const skeleton = join(repoRoot, 'packages/backend/dist/skeleton.tar.gz');
    const bundleBytes = statSync(bundle).size;
    const bundleUnpackedBytes = await tarUnpackedBytes(bundle);
    log(`bundle: ${mb(bundleBytes)} (${mb(bundleUnpackedBytes)} unpacked)`);

    // --- prod-deps and runtime stages.
    const roots = {
      'prod-deps': join(tmp, 'prod-deps'),
      runtime: join(tmp, 'runtime'),
    };
    const stageRoots: Record<string, string> = {
      ...roots,
      build: join(tmp, 'build-stage'),
    };
    // The build stage's WORKDIR is the repository itself.
    mkdirSync(stageRoots.build);
    await run('ln', [
      '-s',
      repoRoot,
      join(
        stageRoots.build,
        workdirOf(dockerfile.stages, build).replace(/^\//, ''),
      ),
    ]);

    const rendered = await renderChartForCheck({
      port: 0,
      postgresPort: 0,
      postgresUser: 'unused',
      metadataUrl: '',
    });
    const deployment = rendered.find(o => o.kind === 'Deployment')!;
    const podSecurity = deployment.spec.template.spec.securityContext ?? {};
    const uid = asRoot
      ? Number(podSecurity.runAsUser ?? 1000)
      : process.getuid!();
    const gid = asRoot
      ? Number(podSecurity.runAsGroup ?? 1000)
      : process.getgid!();

    log('prod-deps: production dependencies into the skeleton');
    await time('prodDeps', () =>
      executeStage({
        stages: dockerfile.stages,
        stage: prodDeps,
        root: roots['prod-deps'],
        stageRoots,
        runEnv: buildEnv(),
        logFile,
        skipped,
      }),
    );
    log('runtime: the final stage');
    const image = await time('runtimeStage', () =>
      executeStage({
        stages: dockerfile.stages,
        stage: runtime,
        root: roots.runtime,
        stageRoots,
        runEnv: buildEnv(),
        logFile,
        skipped,
        chownTo: asRoot ? { uid, gid } : undefined,
      }),
    );
    const appDir = join(roots.runtime, image.workdir);
    const runtimeBytes = await duBytes(roots.runtime);
    const nodeModulesBytes = await duBytes(join(appDir, 'node_modules'));
    const { stdout: diskKb } = await run('du', ['-sk', roots.runtime]);
    const runtimeDiskBytes = Number(diskKb.split(/\s/)[0]) * 1024;
    const devPackagesInRuntime = developmentOnly.filter(name =>
      existsSync(join(appDir, 'node_modules', name)),
    );
    const uncompiledConfigSchemas = tsConfigSchemasIn(
      join(appDir, 'node_modules'),
    );
    log(`runtime: ${mb(runtimeBytes)} (node_modules ${mb(nodeModulesBytes)})`);

    // --- the pod: the chart's Deployment, against a throwaway PostgreSQL.
    postgres = await startPostgres();
    keycloak = await serveOidcDiscovery();
    const port = await freePort();
    const token = randomBytes(24).toString('base64url');
    const objects = await renderChartForCheck({
      port,
      postgresPort: postgres.connection.port,
      postgresUser: postgres.connection.user,
      metadataUrl: keycloak.metadataUrl,
    });
    const pod = objects.find(o => o.kind === 'Deployment')!.spec.template.spec;
    const container = pod.containers[0];
    const secrets: Record<string, Record<string, string>> = {
      'runtime-check': {
        'backend-secret': randomBytes(32).toString('base64url'),
        'postgres-password': postgres.connection.password,
        'keycloak-client-secret': 'runtime-check-no-sign-in',
        'keycloak-sync-client-secret': 'runtime-check-no-keycloak',
        'github-app-client-secret': 'runtime-check-no-github',
        'github-app-webhook-secret': 'runtime-check-no-github',
        'github-app-private-key': 'runtime-check-no-github',
        'argocd-token': 'runtime-check-no-argocd',
        'pagerduty-token': 'runtime-check-no-pagerduty',
        'check-token': token,
      },
    };
    const configMaps: Record<
      string,
      Record<string, string>
    > = Object.fromEntries(
      objects
        .filter(o => o.kind === 'ConfigMap')
        .map(o => [o.metadata.name, o.data ?? {}]),
    );
    const inImage = (path: string) => join(roots.runtime, path);
    const mountPaths: string[] = [];
    for (const mount of container.volumeMounts ?? []) {
      const volume = pod.volumes.find((v: any) => v.name === mount.name);
      const dir = inImage(mount.mountPath);
      mountPaths.push(mount.mountPath);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      if (volume.configMap) {
        for (const [key, value] of Object.entries(
          configMaps[volume.configMap.name] ?? {},
        )) {
          writeFileSync(join(dir, key), value, { mode: 0o644 });
        }
      } else if (
        volume.emptyDir ||
        (volume.persistentVolumeClaim && !mount.readOnly)
      ) {
        // fsGroup makes these writable for the pod's user.
        if (asRoot) chownSync(dir, uid, gid);
      }
    }
    const mapPath = (value: string) =>
      [image.workdir, ...mountPaths].some(
        p => value === p || value.startsWith(`${p}/`),
      )
        ? inImage(value)
        : value;
    const env: Record<string, string> = {
      PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
      HOME: inImage('/home/node'),
      TMPDIR: inImage('/tmp'),
      ...image.env,
      ...Object.fromEntries(
        Object.entries(resolveContainerEnv(container, secrets, configMaps)).map(
          ([k, v]) => [k, mapPath(v)],
        ),
      ),
    };
    mkdirSync(env.HOME, { recursive: true });
    const args: string[] = (container.command ?? []).length
      ? [...container.command, ...(container.args ?? [])]
      : [...(container.args ?? image.cmd)];
    if (image.entrypoint.length) {
      skipped.push(
        `runtime: ENTRYPOINT ${image.entrypoint.join(
          ' ',
        )}: not on this machine; the check starts the args directly`,
      );
    }
    const commandLine = args.map(a => (isAbsolute(a) ? mapPath(a) : a));
    log(`start: ${commandLine.join(' ')} as ${uid}:${gid}`);

    const marker = join(tmp, 'started');
    writeFileSync(marker, '');
    const backendLog = join(tmp, 'backend.log');
    const out = openSync(backendLog, 'w');
    const t0 = Date.now();
    backend = spawn(commandLine[0], commandLine.slice(1), {
      cwd: appDir,
      env,
      stdio: ['ignore', out, out],
      ...(asRoot ? { uid, gid } : {}),
    });
    closeSync(out);
    const child = backend;
    backendExit = new Promise(res => child.once('exit', code => res(code)));
    let exited: number | null | undefined;
    backendExit.then(code => (exited = code));
    const tailOfLog = () =>
      readFileSync(backendLog, 'utf8').split('\n').slice(-40).join('\n');
    const alive = () => {
      if (exited !== undefined)
        throw new Error(`the backend exited with ${exited}:\n${tailOfLog()}`);
    };
    const base = `http://127.0.0.1:${port}`;
    const check = (name: string, ok: boolean, detail: string) => {
      checks.push({ name, ok, detail });
      log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
    };

    try {
      await waitFor(
        'readiness',
        240_000,
        async () => {
          const r = await httpGet(`${base}/.backstage/health/v1/readiness`);
          return r.status === 200 ? r : undefined;
        },
        alive,
      );
    } catch (error) {
      throw new Error(`${error}\n--- backend log ---\n${tailOfLog()}`);
    }
    durations.startToReady = Date.now() - t0;
    check(
      'readiness',
      true,
      `GET /.backstage/health/v1/readiness 200 after ${(
        durations.startToReady / 1000
      ).toFixed(1)} s`,
    );
    const liveness = await httpGet(`${base}/.backstage/health/v1/liveness`);
    check(
      'liveness',
      liveness.status === 200,
      `GET /.backstage/health/v1/liveness ${liveness.status}`,
    );

    // The image's HEALTHCHECK, as Docker runs it inside the container (its port made ours).
    const health = image.healthcheck.map(a =>
      a.replace(/127\.0\.0\.1:7007\b/g, `127.0.0.1:${port}`),
    );
    const healthResult = await new Promise<number | null>(res => {
      const h = spawn(health[0], health.slice(1), {
        cwd: appDir,
        env,
        stdio: 'ignore',
        ...(asRoot ? { uid, gid } : {}),
      });
      h.once('exit', code => res(code));
      h.once('error', () => res(-1));
    });
    check(
      'HEALTHCHECK',
      healthResult === 0,
      `${image.healthcheck.slice(0, 2).join(' ')} ... exited ${healthResult}`,
    );

    const anonymous = await httpGet(`${base}/api/catalog/entities?limit=1`);
    check(
      'catalog refuses anonymous calls',
      anonymous.status === 401,
      `GET /api/catalog/entities without a token: ${anonymous.status}`,
    );
    const entity = await time('catalog', () =>
      waitFor(
        'payments-gateway in the catalog',
        180_000,
        async () => {
          const r = await httpGet(
            `${base}/api/catalog/entities/by-name/component/default/payments-gateway`,
            {
              authorization: `Bearer ${token}`,
            },
          );
          return r.status === 200 ? JSON.parse(r.body) : undefined;
        },
        alive,
      ),
    );
    check(
      'catalog',
      entity.kind === 'Component' &&
        entity.metadata.name === 'payments-gateway',
      `component:default/payments-gateway served (owner ${entity.spec?.owner}) with a static external-access token`,
    );

    const index = await httpGet(`${base}/`);
    const title = /<title>([^<]*)<\/title>/.exec(index.body)?.[1];
    check(
      'frontend index',
      index.status === 200 &&
        index.type.startsWith('text/html') &&
        index.body.includes('<div id="root">') &&
        title === 'Bookstore Portal',
      `GET / ${index.status} ${index.type}, <title>${title}</title>, ${
        index.body.includes('<div id="root">') ? 'has' : 'no'
      } <div id="root">`,
    );
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(index.body)?.[1];
    const asset = script
      ? await httpGet(new URL(script, `${base}/`).toString())
      : undefined;
    check(
      'frontend assets',
      Boolean(
        asset &&
          asset.status === 200 &&
          /javascript/.test(asset.type) &&
          asset.body.length > 1000,
      ),
      script
        ? `GET ${script} ${asset?.status} ${asset?.type} ${asset?.body.length} bytes`
        : 'no <script src> in index.html',
    );
    const deepLink = await httpGet(
      `${base}/catalog/default/component/payments-gateway`,
    );
    check(
      'frontend routes',
      deepLink.status === 200 && deepLink.body.includes('<div id="root">'),
      `GET /catalog/default/component/payments-gateway ${deepLink.status}`,
    );

    const status = readFileSync(`/proc/${backend.pid}/status`, 'utf8');
    const runUid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
    check('non-root', runUid !== 0, `the backend runs as uid ${runUid}`);

    const { stdout: written } = await run('find', [
      roots.runtime,
      '-newer',
      marker,
      '-type',
      'f',
    ]);
    const outsideVolumes = written
      .split('\n')
      .filter(Boolean)
      .map(f => `/${relative(roots.runtime, f)}`)
      .filter(f => !mountPaths.some(m => f.startsWith(`${m}/`)));
    check(
      'read-only root filesystem',
      outsideVolumes.length === 0,
      outsideVolumes.length
        ? `wrote ${outsideVolumes.join(', ')}`
        : 'nothing written outside the volumes',
    );

    // Kubernetes stops a pod with SIGTERM and waits terminationGracePeriodSeconds.
    const grace = Number(pod.terminationGracePeriodSeconds ?? 30);
    const t1 = Date.now();
    backend.kill('SIGTERM');
    const code = await Promise.race([
      backendExit,
      new Promise(res => setTimeout(() => res('timeout'), grace * 1000)),
    ]);
    check(
      'graceful stop',
      code !== 'timeout',
      `SIGTERM: exited ${code} after ${((Date.now() - t1) / 1000).toFixed(
        1,
      )} s (grace ${grace} s)`,
    );
    backend = undefined;

    // A start that fails (here: the database refuses connections) ends the process, non-zero,
    // instead of leaving what did start running in a pod that is never ready.
    const closedPort = String(await freePort());
    const failing = spawn(commandLine[0], commandLine.slice(1), {
      cwd: appDir,
      env: { ...env, POSTGRES_PORT: closedPort },
      stdio: 'ignore',
      ...(asRoot ? { uid, gid } : {}),
    });
    const t2 = Date.now();
    const failedCode = await Promise.race([
      new Promise(res => failing.once('exit', c => res(c))),
      new Promise(res => setTimeout(() => res('timeout'), 120_000)),
    ]);
    if (failedCode === 'timeout') failing.kill('SIGKILL');
    check(
      'failed start exits',
      typeof failedCode === 'number' && failedCode !== 0,
      `database on a closed port: ${
        failedCode === 'timeout' ? 'still running' : `exited ${failedCode}`
      } after ${((Date.now() - t2) / 1000).toFixed(1)} s`,
    );

    durations.total = Date.now() - started;
    const result: RuntimeCheckResult = {
      durations,
      sizes: {
        bundleBytes,
        bundleUnpackedBytes,
        skeletonBytes: statSync(skeleton).size,
        runtimeBytes,
        nodeModulesBytes,
        runtimeDiskBytes,
      },
      checks,
      devPackagesInRuntime,
      uncompiledConfigSchemas,
      skipped,
      uid: runUid,
      gid,
      tmpDir: tmp,
    };
    return result;
  } finally {
    if (backend && backend.exitCode === null) {
      backend.kill('SIGKILL');
      await backendExit;
    }
    await postgres?.stop();
    await keycloak?.close();
    if (!options.keep) rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The chart rendered for the check: the production defaults, with the database, the URL and the
 * Secrets of this machine, and a static external-access token (a production mechanism) so the
 * check can call the catalog API without a sign-in provider.
 */
export async function renderChartForCheck(options: {
  port: number;
  postgresPort: number;
  postgresUser: string;
  metadataUrl: string;
}): Promise<K8sObject[]> {
  const { port, postgresPort, postgresUser, metadataUrl } = options;
  return renderChart({
    releaseName: 'runtime-check',
    values: {
      portal: {
        baseUrl: `http://127.0.0.1:${port || 7007}`,
        extraAppConfig: {
          backend: {
            listen: `127.0.0.1:${port || 7007}`,
            auth: {
              externalAccess: [
                {
                  type: 'static',
                  options: {
                    token: '${RUNTIME_CHECK_TOKEN}',
                    subject: 'image-runtime-check',
                  },
                },
              ],
            },
          },
        },
        extraEnv: [
          {
            name: 'RUNTIME_CHECK_TOKEN',
            valueFrom: {
              secretKeyRef: { name: 'runtime-check', key: 'check-token' },
            },
          },
        ],
      },
      secrets: { existingSecret: 'runtime-check' },
      // Keycloak's admin API and GitHub at dead addresses: their providers only log.
      keycloak: {
        baseUrl: 'http://127.0.0.1:9',
        ...(metadataUrl ? { metadataUrl } : {}),
      },
      github: {
        host: 'github.runtime-check.test',
        apiBaseUrl: 'http://127.0.0.1:9/api/v3',
      },
      externalDatabase: {
        host: '127.0.0.1',
        port: postgresPort || 5432,
        user: postgresUser,
        sslMode: 'disable',
      },
      // Nothing answers there; the plugin only needs the URL to start.
      argocd: { url: 'http://127.0.0.1:9/argocd' },
    },
  });
}

/** A one-paragraph summary for logs and the CI output. */
export function summarize(result: RuntimeCheckResult): string {
  const s = result.sizes;
  const d = result.durations;
  const sec = (ms?: number) =>
    ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`;
  return [
    `image runtime check: ${result.checks.filter(c => c.ok).length}/${
      result.checks.length
    } checks ok`,
    `  bundle.tar.gz ${mb(s.bundleBytes)} (${
      s.bundleBytes
    } bytes), unpacked ${mb(s.bundleUnpackedBytes)}; skeleton ${
      s.skeletonBytes
    } bytes`,
    `  runtime stage adds ${mb(s.runtimeBytes)} (${s.runtimeBytes} bytes; ${mb(
      s.runtimeDiskBytes,
    )} on disk) over its base image, of which node_modules ${mb(
      s.nodeModulesBytes,
    )} (apt-get layer: mkdocs, mkdocs-material, tini not counted)`,
    `  development tools in the runtime: ${
      result.devPackagesInRuntime.length
        ? result.devPackagesInRuntime.join(', ')
        : 'none'
    }`,
    `  config schemas compiled at start (TypeScript): ${
      result.uncompiledConfigSchemas.join(', ') || 'none'
    }`,
    `  build ${sec(d.build)}, production install ${sec(
      d.prodDeps,
    )}, runtime stage ${sec(d.runtimeStage)}, start to ready ${sec(
      d.startToReady,
    )}, catalog ${sec(d.catalog)}, total ${sec(d.total)}`,
    `  ran as uid ${result.uid}`,
    ...result.checks.map(
      c => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`,
    ),
    '  not carried out here:',
    ...result.skipped.map(line => `    ${line}`),
  ].join('\n');
}
