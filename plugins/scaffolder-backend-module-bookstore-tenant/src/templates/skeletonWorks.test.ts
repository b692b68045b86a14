import { Entity } from '@backstage/catalog-model';
import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import { validateComponent } from '../__testUtils__/catalogEntity';
import { helm } from '../__testUtils__/helm';
import { repoRoot } from '../__testUtils__/portal';
import {
  dryRunTemplate,
  readTemplate,
  Rendered,
  startTemplateBackend,
} from '../__testUtils__/templateDryRun';

/**
 * The skeleton must work, not only render: the new-bookstore-service template is
 * dry-run through the real scaffolder for several parameter sets, its files written
 * to a folder, and the service built and checked as its own CI would: `go vet` and
 * `go test` of the Go service, `helm lint --strict` and `helm template` of its chart
 * (the portal's own helm), its catalog-info.yaml validated as the catalog does, and
 * `mkdocs build --strict` of its docs. A broken skeleton fails here.
 */

jest.setTimeout(300_000);

const TOKEN = 'skeleton-works-static-token';
const run = promisify(execFile);

/** Go's caches in the repository's git-ignored .cache, shared by the runs. */
const goEnv = {
  ...process.env,
  GOCACHE: join(repoRoot, '.cache/go/build'),
  GOMODCACHE: join(repoRoot, '.cache/go/mod'),
  GOFLAGS: '-mod=mod',
  GOTOOLCHAIN: 'local',
};

const { sample } = readTemplate('new-bookstore-service');
const existing = sample.variants[0];

/** Parameter sets: the form's branches, with and without a database and PagerDuty. */
const cases: Array<[string, Record<string, unknown>]> = [
  ['a new tenant, a database, PagerDuty, port 8080', sample.values],
  [
    'an existing tenant, no database, no PagerDuty, port 9090',
    {
      ...Object.fromEntries(
        Object.entries(sample.values).filter(
          ([key]) =>
            ![
              'tenantName',
              'tenantDisplayName',
              'tier',
              'regions',
              'pagerdutyServiceId',
            ].includes(key),
        ),
      ),
      ...existing,
      name: 'stock-alerts',
      needsDatabase: false,
      port: 9090,
    },
  ],
];

function writeFiles(dir: string, files: Rendered) {
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

describe('the new-bookstore-service skeleton, rendered, builds and checks', () => {
  let backend: Awaited<ReturnType<typeof startTemplateBackend>>;
  const root = mkdtempSync(join(tmpdir(), 'skeleton-works-'));

  beforeAll(async () => {
    backend = await startTemplateBackend(TOKEN, 'skeleton-works');
  });

  afterAll(async () => {
    await backend?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  describe.each(cases)('%s', (label, values) => {
    const dir = join(root, label.replace(/[^a-z0-9]+/gi, '-'));

    beforeAll(async () => {
      const { response, rendered } = await dryRunTemplate(
        backend.server,
        TOKEN,
        'new-bookstore-service',
        values,
      );
      if (!rendered) {
        throw new Error(
          `dry run answered ${response.status}: ${JSON.stringify(response.body)}`,
        );
      }
      writeFiles(dir, rendered);
    });

    it('passes go vet and go test', async () => {
      await run('go', ['vet', './...'], { cwd: dir, env: goEnv });
      const { stdout } = await run('go', ['test', './...'], {
        cwd: dir,
        env: goEnv,
      });
      expect(stdout).toMatch(/^ok\s/m);
    });

    it('has a chart that passes helm lint --strict and renders', async () => {
      const lint = await helm(['lint', '--strict', join(dir, 'chart')]);
      expect([lint.code, lint.stderr]).toEqual([0, '']);
      const rendered = await helm(['template', 'service', join(dir, 'chart')]);
      expect([rendered.code, rendered.stderr]).toEqual([0, '']);
      const kinds = parseAllDocuments(rendered.stdout)
        .map(d => d.toJS())
        .filter(Boolean)
        .map((o: { kind: string }) => o.kind);
      expect(kinds.sort()).toEqual(['Deployment', 'Service']);
      const deployment = parseAllDocuments(rendered.stdout)
        .map(d => d.toJS())
        .find(o => o?.kind === 'Deployment');
      const container = deployment.spec.template.spec.containers[0];
      expect(container.ports[0].containerPort).toBe(values.port);
      expect(
        (container.env as Array<{ name: string }>).some(
          e => e.name === 'DATABASE_URL',
        ),
      ).toBe(values.needsDatabase);
    });

    it('has a catalog-info.yaml the catalog accepts', async () => {
      const entity = parse(
        readFileSync(join(dir, 'catalog-info.yaml'), 'utf8'),
      ) as Entity;
      await validateComponent(entity);
      expect(entity.metadata.name).toBe(values.name);
      expect(
        Boolean(entity.metadata.annotations?.['pagerduty.com/service-id']),
      ).toBe(Boolean(values.pagerdutyServiceId));
    });

    it('has docs that build with mkdocs --strict', async () => {
      const site = join(dir, '.site');
      await run('mkdocs', ['build', '--strict', '--site-dir', site], {
        cwd: dir,
      });
      expect(readFileSync(join(site, 'runbook', 'index.html'), 'utf8')).toContain(
        String(values.name),
      );
    });
  });
});
