import { validate } from 'dockerfile-utils';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  copyArgs,
  envOf,
  readDockerfile,
  Stage,
} from './__testUtils__/dockerfile';
import {
  buildStepsRunElsewhere,
  dockerignoreMatcher,
} from './__testUtils__/imageRuntime';
import { dockerfilePath, repoRoot } from './__testUtils__/paths';

const dockerfile = readDockerfile();
const source = readFileSync(dockerfilePath, 'utf8');
const runs = (stage: Stage) =>
  stage.instructions.filter(i => i.keyword === 'RUN').map(i => i.text);
const stageEnv = (stage: Stage) =>
  Object.assign(
    {},
    ...stage.instructions.filter(i => i.keyword === 'ENV').map(envOf),
  );

describe('the Dockerfile', () => {
  it('passes the Dockerfile linter (dockerfile-utils) without a diagnostic', () => {
    const diagnostics = validate(source).map(
      d => `line ${d.range.start.line + 1}: ${d.message}`,
    );
    expect(diagnostics).toEqual([]);
  });

  it('builds in stages and runs on the Node LTS the project uses', () => {
    expect(dockerfile.stages.map(s => s.name)).toEqual([
      'toolchain',
      'packages',
      'build',
      'prod-deps',
      'runtime',
    ]);
    const nodeMajor = /PORTAL_NODE_MAJOR=(\d+)/.exec(
      readFileSync(join(repoRoot, 'scripts/node-env.sh'), 'utf8'),
    )![1];
    // Debian 12 (bookworm): where the mkdocs packages the project uses come from.
    expect(dockerfile.stage('runtime').from).toBe(
      `node:${nodeMajor}-bookworm-slim`,
    );
    expect(dockerfile.stage('toolchain').from).toBe(
      dockerfile.stage('runtime').from,
    );
    expect(runs(dockerfile.stage('toolchain')).join('\n')).toMatch(
      /install .*python3 g\+\+ make libsqlite3-dev/,
    );
    expect(stageEnv(dockerfile.stage('toolchain'))).toEqual({
      npm_config_nodedir: '/usr/local',
    });
  });

  it('installs with the lockfile, type-checks and builds the backend bundle', () => {
    const build = runs(dockerfile.stage('build'));
    expect(build).toEqual([
      'yarn install --immutable',
      'yarn tsc',
      'yarn workspace backend build',
    ]);
    // The steps the runtime check does not repeat are exactly the install and the type check.
    expect(Object.keys(buildStepsRunElsewhere)).toEqual(build.slice(0, 2));
    const rootPackage = JSON.parse(
      readFileSync(join(repoRoot, 'package.json'), 'utf8'),
    );
    expect(rootPackage.scripts['build:backend']).toBe(build[2]);
    expect(rootPackage.scripts.tsc).toBe('tsc');
  });

  it('ships production dependencies only, in a slim non-root runtime', () => {
    const prodDeps = runs(dockerfile.stage('prod-deps')).join('\n');
    expect(prodDeps).toContain('yarn workspaces focus --all --production');
    const runtime = dockerfile.stage('runtime');
    const runtimeRuns = runs(runtime).join('\n');
    expect(runtimeRuns).toMatch(
      /apt-get install -y --no-install-recommends mkdocs mkdocs-material tini/,
    );
    // No compilers, no installs of node packages in the final stage.
    expect(runtimeRuns).not.toMatch(/g\+\+|\bmake\b|build-essential|yarn|npm/);
    for (const copy of runtime.instructions.filter(i => i.keyword === 'COPY')) {
      expect(copy.flags.from ?? ['context']).toEqual([
        expect.stringMatching(/^(prod-deps|context)$/),
      ]);
    }
    // Every workspace folder the bundle's skeleton can hold (the root package.json's
    // workspaces) reaches the runtime, or the backend's local plugins would be missing.
    const fromProdDeps = runtime.instructions
      .filter(i => i.keyword === 'COPY' && i.flags.from?.[0] === 'prod-deps')
      .flatMap(i => copyArgs(i).sources);
    const workspaceRoots = JSON.parse(
      readFileSync(join(repoRoot, 'package.json'), 'utf8'),
    ).workspaces.map((glob: string) => `/app/${glob.split('/')[0]}`);
    expect(fromProdDeps).toEqual(
      expect.arrayContaining([
        '/app/node_modules',
        '/app/package.json',
        ...workspaceRoots,
      ]),
    );
    expect(stageEnv(runtime)).toEqual({
      NODE_ENV: 'production',
      NODE_OPTIONS: '--no-node-snapshot',
    });
    const user = runtime.instructions
      .filter(i => i.keyword === 'USER')
      .map(i => i.text.trim());
    expect(user).toEqual(['node']);
    // USER comes before the process starts and after everything root has to do.
    const lastRun = Math.max(
      ...runtime.instructions.map((i, n) => (i.keyword === 'RUN' ? n : -1)),
    );
    expect(
      runtime.instructions.findIndex(i => i.keyword === 'USER'),
    ).toBeGreaterThan(lastRun);
    const cmd = runtime.instructions.find(i => i.keyword === 'CMD')!.exec;
    expect(cmd).toEqual([
      'node',
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
    ]);
    expect(
      runtime.instructions.find(i => i.keyword === 'ENTRYPOINT')!.exec,
    ).toEqual(['tini', '--']);
    expect(runtime.instructions.find(i => i.keyword === 'EXPOSE')!.text).toBe(
      '7007',
    );
    // What the production config reads from the working directory is in the image.
    const copied = runtime.instructions
      .filter(i => i.keyword === 'COPY' && !i.flags.from)
      .flatMap(i => copyArgs(i).sources);
    expect(copied).toEqual([
      'app-config.yaml',
      'app-config.production.yaml',
      'catalog-info.yaml',
      'examples',
      'templates',
    ]);
  });

  it('has a HEALTHCHECK on the readiness endpoint that needs no curl', () => {
    const healthcheck = dockerfile
      .stage('runtime')
      .instructions.find(i => i.keyword === 'HEALTHCHECK')!;
    expect(healthcheck.flags).toEqual(
      expect.objectContaining({
        interval: ['30s'],
        timeout: ['5s'],
        'start-period': ['120s'],
        retries: ['3'],
      }),
    );
    expect(healthcheck.text).toMatch(
      /^CMD \["node", "-e", ".*http:\/\/127\.0\.0\.1:7007\/\.backstage\/health\/v1\/readiness/,
    );
  });

  it('bakes no secret in', () => {
    const instructions = dockerfile.stages.flatMap(stage => stage.instructions);
    const secretLooking = instructions.filter(
      i =>
        ['ENV', 'ARG', 'LABEL'].includes(i.keyword) &&
        /TOKEN|SECRET|PASSWORD|_KEY\b/i.test(i.text),
    );
    expect(secretLooking).toEqual([]);
    // Build secrets would be mounted (RUN --mount=type=secret), never copied; there are none.
    expect(
      instructions
        .flatMap(i => i.flags.mount ?? [])
        .filter(m => m.includes('type=secret')),
    ).toEqual([]);
    const copiedSecrets = instructions
      .filter(i => i.keyword === 'COPY')
      .flatMap(i => copyArgs(i).sources)
      .filter(f => /(^|\/)\.env|\.pem$|\.key$|credentials|\.npmrc/.test(f));
    expect(copiedSecrets).toEqual([]);
    expect(dockerfile.args).toEqual({ NODE_IMAGE: 'node:22-bookworm-slim' });
  });

  it('is the only image definition, and `yarn build-image` builds it', () => {
    expect(existsSync(join(repoRoot, 'packages/backend/Dockerfile'))).toBe(
      false,
    );
    const backend = JSON.parse(
      readFileSync(join(repoRoot, 'packages/backend/package.json'), 'utf8'),
    );
    expect(backend.scripts['build-image']).toBe(
      'docker build ../.. -f ../../Dockerfile --tag bookstore-portal',
    );
  });
});

describe('the .dockerignore', () => {
  const ignored = dockerignoreMatcher(
    readFileSync(join(repoRoot, '.dockerignore'), 'utf8'),
  );
  const workspaces = ['packages', 'plugins'].flatMap(dir =>
    readdirSync(join(repoRoot, dir))
      .filter(name => existsSync(join(repoRoot, dir, name, 'package.json')))
      .map(name => `${dir}/${name}`),
  );

  it('keeps node_modules, builds, local tools and local or secret files out', () => {
    for (const path of [
      'node_modules/react/index.js',
      'packages/app/node_modules/.bin/x',
      '.git/HEAD',
      '.tools/node22/package.json',
      '.yarn/cache/react-npm-18.3.1.zip',
      '.yarn/install-state.gz',
      'packages/backend/dist/bundle.tar.gz',
      'dist-types/packages/app/src/index.d.ts',
      '.env',
      'packages/backend/.env.production',
      'app-config.local.yaml',
      'github-app-credentials.yaml',
      'examples/catalog/components/payments-gateway/site/index.html',
      'charts/bookstore-portal/values.yaml',
    ]) {
      expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: true });
    }
  });

  it('keeps what the build needs: lockfile, Yarn, every workspace, sources, configs, examples', () => {
    const needed = [
      'package.json',
      'yarn.lock',
      '.yarnrc.yml',
      'backstage.json',
      'tsconfig.json',
      'app-config.yaml',
      'app-config.production.yaml',
      'catalog-info.yaml',
      'examples/catalog/all.yaml',
      ...readdirSync(join(repoRoot, '.yarn/releases')).map(
        f => `.yarn/releases/${f}`,
      ),
      ...workspaces.flatMap(w => [`${w}/package.json`, `${w}/src/index.ts`]),
    ];
    expect(workspaces).toEqual(
      expect.arrayContaining(['packages/app', 'packages/backend']),
    );
    for (const path of needed) {
      expect({ path, ignored: ignored(path) }).toEqual({
        path,
        ignored: false,
      });
    }
  });
});
