import {
  runImageRuntimeCheck,
  RuntimeCheckResult,
  summarize,
} from './__testUtils__/imageRuntime';

// Builds the backend bundle (frontend included), installs the production dependencies and starts
// the result: minutes on two cores. scripts/image-runtime-check.sh runs the same function.
jest.setTimeout(20 * 60_000);

describe('the image runtime stage, carried out from the Dockerfile and started as the chart runs it', () => {
  let result: RuntimeCheckResult;

  beforeAll(async () => {
    result = await runImageRuntimeCheck({
      log: line => process.stderr.write(`[image-runtime-check] ${line}\n`),
    });
    process.stderr.write(`\n${summarize(result)}\n\n`);
  });

  it('builds the bundle and installs production dependencies only', () => {
    expect(result.sizes.bundleBytes).toBeGreaterThan(1_000_000);
    expect(result.sizes.bundleUnpackedBytes).toBeGreaterThan(
      result.sizes.bundleBytes,
    );
    expect(result.sizes.nodeModulesBytes).toBeGreaterThan(0);
    // Guards against dev dependencies (jest, webpack, the CLI, ...) sneaking into the image:
    // the development install is about four times as large.
    expect(result.sizes.runtimeBytes).toBeLessThan(1_000 * 1024 * 1024);
    expect(result.devPackagesInRuntime).toEqual([]);
  });

  it('ships every config schema compiled, so that no start loads the TypeScript compiler', () => {
    // A package published with a config.d.ts schema gets a yarn patch with its compiled
    // config.schema.json (.yarn/patches/README.md).
    expect(result.uncompiledConfigSchemas).toEqual([]);
  });

  it.each([
    'readiness',
    'liveness',
    'HEALTHCHECK',
    'catalog refuses anonymous calls',
    'catalog',
    'frontend index',
    'frontend assets',
    'frontend routes',
    'non-root',
    'read-only root filesystem',
    'graceful stop',
    'failed start exits',
  ])('%s', name => {
    const check = result.checks.find(c => c.name === name);
    expect(check).toEqual(expect.objectContaining({ name, ok: true }));
  });

  it('carries out every step of the prod-deps and runtime stages but the Debian packages and tini', () => {
    const notRuntime = result.skipped.filter(s => s.startsWith('runtime'));
    expect(notRuntime).toHaveLength(2);
    expect(notRuntime[0]).toMatch(/apt-get .*mkdocs mkdocs-material tini/);
    expect(notRuntime[1]).toMatch(/ENTRYPOINT tini/);
    expect(result.skipped.filter(s => s.startsWith('prod-deps line'))).toEqual(
      [],
    );
  });
});
