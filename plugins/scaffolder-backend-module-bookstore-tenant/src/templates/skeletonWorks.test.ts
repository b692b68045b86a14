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
 * `go test` of the Go service (its /metrics included), `helm lint --strict` and
 * `helm template` of its chart (the portal's own helm) with its ServiceMonitor, alerting
 * rules and Grafana dashboard, its catalog-info.yaml validated as the catalog does, and
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

/** The Monitoring tab's queries of a service (app-config.yaml's monitoring.graphs.queries). */
const graphs: Record<'requestRate' | 'errorRatio' | 'latencyP99', string> =
  parse(readFileSync(join(repoRoot, 'app-config.yaml'), 'utf8')).monitoring
    .graphs.queries.service;

/** The Monitoring tab's query of the graph for the service. */
function queryOf(graph: keyof typeof graphs, service: unknown): string {
  return graphs[graph].split('${{ service }}').join(String(service));
}

/** The objects `helm template` renders of the service's chart. */
async function helmTemplate(dir: string, args: string[] = []) {
  const rendered = await helm([
    'template',
    'service',
    join(dir, 'chart'),
    ...args,
  ]);
  expect([rendered.code, rendered.stderr]).toEqual([0, '']);
  return parseAllDocuments(rendered.stdout)
    .map(d => d.toJS())
    .filter(Boolean) as Array<{
    kind: string;
    apiVersion: string;
    metadata: { name: string; labels?: Record<string, string> };
    spec?: any;
    data?: any;
  }>;
}

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
          `dry run answered ${response.status}: ${JSON.stringify(
            response.body,
          )}`,
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
      const objects = await helmTemplate(dir);
      expect(objects.map(o => o.kind).sort()).toEqual([
        'ConfigMap',
        'Deployment',
        'PrometheusRule',
        'Service',
        'ServiceMonitor',
      ]);
      const deployment = objects.find(o => o.kind === 'Deployment')!;
      const container = deployment.spec.template.spec.containers[0];
      expect(container.ports[0].containerPort).toBe(values.port);
      expect(
        (container.env as Array<{ name: string }>).some(
          e => e.name === 'DATABASE_URL',
        ),
      ).toBe(values.needsDatabase);
    });

    it('ships a ServiceMonitor scraping the /metrics the service serves', async () => {
      const objects = await helmTemplate(dir);
      const service = objects.find(o => o.kind === 'Service')!;
      const monitor = objects.find(o => o.kind === 'ServiceMonitor')!;
      expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
      expect(monitor.spec.selector.matchLabels).toEqual(service.spec.selector);
      expect(service.metadata.labels).toMatchObject(
        monitor.spec.selector.matchLabels,
      );
      expect(monitor.spec.endpoints).toEqual([
        { port: 'http', path: '/metrics', interval: '30s', honorLabels: true },
      ]);
      expect(service.spec.ports.map((p: { name: string }) => p.name)).toContain(
        'http',
      );
      // main.go serves it: go test (above) reads the request metrics from it.
      expect(readFileSync(join(dir, 'main.go'), 'utf8')).toContain(
        'mux.Handle("GET /metrics", requestMetrics)',
      );
    });

    it("ships alerting rules in the group the catalog-info.yaml's prometheus.io/rule names", async () => {
      const objects = await helmTemplate(dir);
      const rule = objects.find(o => o.kind === 'PrometheusRule')!;
      expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
      const entity = parse(
        readFileSync(join(dir, 'catalog-info.yaml'), 'utf8'),
      );
      const groups: Array<{ name: string; rules: any[] }> = rule.spec.groups;
      expect(groups.map(g => g.name)).toEqual([
        entity.metadata.annotations['prometheus.io/rule'],
      ]);
      expect(groups[0].name).toBe(`${values.name}.rules`);
      const rules = groups[0].rules;
      expect(rules.map(r => [r.alert, r.labels.severity])).toEqual([
        ['HighErrorRatio', 'critical'],
        ['HighLatencyP99', 'warning'],
      ]);
      for (const r of rules) {
        expect(r.expr).toContain(`{service="${values.name}"`);
        expect(r.for).toBe('10m');
        expect(r.annotations.summary).toContain(String(values.name));
        expect(r.annotations.description).toContain('{{ $value');
      }
      // The thresholds of chart/values.yaml, on the Monitoring tab's queries.
      expect(rules[0].expr).toBe(
        `${queryOf('errorRatio', values.name)} > 0.05`,
      );
      expect(rules[1].expr).toBe(`${queryOf('latencyP99', values.name)} > 1`);
    });

    it("ships a Grafana dashboard for the sidecar with the Monitoring tab's three graphs", async () => {
      const objects = await helmTemplate(dir);
      const configMap = objects.find(o => o.kind === 'ConfigMap')!;
      expect(configMap.metadata.labels).toMatchObject({
        grafana_dashboard: '1',
      });
      expect(Object.keys(configMap.data)).toEqual([`${values.name}.json`]);
      const dashboard = JSON.parse(configMap.data[`${values.name}.json`]);
      expect(dashboard).toMatchObject({ uid: values.name, title: values.name });
      expect(
        dashboard.panels.map((p: { title: string; targets: any[] }) => [
          p.title,
          p.targets.map(t => t.expr),
        ]),
      ).toEqual([
        ['Request rate', [queryOf('requestRate', values.name)]],
        ['Error ratio (5xx)', [queryOf('errorRatio', values.name)]],
        ['Latency p99', [queryOf('latencyP99', values.name)]],
      ]);
    });

    it('renders none of the three with their toggles off', async () => {
      const objects = await helmTemplate(dir, [
        '--set',
        'metrics.serviceMonitor.enabled=false',
        '--set',
        'metrics.prometheusRule.enabled=false',
        '--set',
        'dashboard.enabled=false',
      ]);
      expect(objects.map(o => o.kind).sort()).toEqual([
        'Deployment',
        'Service',
      ]);
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
      // The local portal has no Grafana and no Argo CD (bookstore.grafana.baseUrl and
      // bookstore.argocd.baseUrl unset): no link to a host that does not exist.
      expect(entity.metadata.annotations).not.toHaveProperty(
        'grafana/overview-dashboard',
      );
      expect(entity.metadata).not.toHaveProperty('links');
    });

    it('has docs that build with mkdocs --strict', async () => {
      const site = join(dir, '.site');
      await run('mkdocs', ['build', '--strict', '--site-dir', site], {
        cwd: dir,
      });
      expect(
        readFileSync(join(site, 'runbook', 'index.html'), 'utf8'),
      ).toContain(String(values.name));
    });
  });
});
