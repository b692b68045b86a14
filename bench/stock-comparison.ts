/*
 * The portal against a stock Backstage app of the same release, on this machine, in one run.
 *
 *   source scripts/node-env.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/stock-comparison.ts \
 *     [--duration S] [--rounds N] [--policy] [--production [--no-build] [--portal DIR] [--modules]]
 *   yarn tsc -p bench        # type-checks this file
 *
 * The stock app is what `@backstage/create-app@0.9.2` makes (Backstage 1.55, like
 * backstage.json), created and installed on first use in the git-ignored .cache/bench
 * (stock-comparison/stockApp.ts). Both backends are started as a developer starts them
 * (`yarn start` in packages/backend: SQLite in memory, their example catalogs, guest sign-in)
 * and run side by side, so that they share the machine's background load. Each is signed in
 * as a guest, as its sign-in page does.
 *
 * Figures: the resident set of the backend's process 15 s after it is ready; then, per query,
 * `--rounds` rounds (default 2) of `--duration` seconds (default 20) at 16 connections
 * (autocannon), stock and portal alternating which goes first, after a 5 s warm-up of each;
 * the resident set after the load. Queries: the catalog's first page of Components
 * (`by-query limit=20 kind=component`, what the catalog page asks) and one Component by name
 * (the first of that page). --policy also runs bench/permission-catalog-list.ts --pg (the
 * team-label policy against allow-all on PostgreSQL, 3-6 minutes) and adds its ratio.
 * Prints a table with the figures side by side, the ratio and the target.
 *
 * --production compares the production builds instead, each made as its Dockerfile makes it
 * (stock-comparison/productionRuntime.ts: the backend bundle with the frontend, production
 * dependencies only; 5-15 minutes per app on 2 cores, --no-build reuses the last bundles) and
 * started as its image starts it (`node packages/backend`, NODE_ENV=production), with its
 * app-config.yaml (SQLite in memory, the example catalog, guest sign-in). It adds the time
 * from start to ready and a service page's cold first load in Chromium (sign-in page, Enter
 * as a guest, the page's heading; 3 fresh contexts each). --portal DIR builds the portal of
 * another checkout (a clean clone, so that uncommitted work stays out). --modules also prints,
15 s after ready, each backend's heap and the code it loaded by package (the largest, and those
only the portal loads), to see where the portal's extra memory comes from.
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  BackendProcess,
  guestToken,
  startDevBackend,
} from './stock-comparison/devBackend';
import { ensureStockApp } from './stock-comparison/stockApp';
import { FirstLoad, firstLoads } from './stock-comparison/firstLoad';
import {
  moduleReport,
  moduleReportEnv,
  reportFile,
} from './stock-comparison/moduleReport';
import {
  buildProductionRuntime,
  startProductionBackend,
} from './stock-comparison/productionRuntime';

const repoRoot = resolve(__dirname, '..');

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index < 0 ? fallback : Number(process.argv[index + 1]);
}
const duration = option('--duration', 20);
const rounds = option('--rounds', 2);
const withPolicy = process.argv.includes('--policy');
const production = process.argv.includes('--production');
const withModules = production && process.argv.includes('--modules');
const portalDir = process.argv.includes('--portal')
  ? resolve(process.argv[process.argv.indexOf('--portal') + 1])
  : repoRoot;

interface Load {
  reqPerSec: number;
  p99: number;
  errors: number;
}

async function load(
  url: string,
  token: string,
  seconds: number,
): Promise<Load> {
  const result = await autocannon({
    url,
    connections: 16,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    reqPerSec: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

async function firstComponent(
  backend: BackendProcess,
  token: string,
): Promise<{ namespace: string; name: string }> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const response = await fetch(
      `${backend.url}/api/catalog/entities/by-query?limit=20&filter=kind=component`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    const body = (await response.json()) as {
      items: Array<{ metadata: { name: string; namespace?: string } }>;
    };
    if (response.ok && body.items.length > 0) {
      const { name, namespace = 'default' } = body.items[0].metadata;
      return { namespace, name };
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${backend.name}'s catalog has no Component after 120 s`);
}

function sleep(ms: number) {
  return new Promise(r => setTimeout(r, ms));
}

function policyRatio(): string {
  const output = execFileSync(
    'node',
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      join(repoRoot, 'bench', 'permission-catalog-list.ts'),
      '--pg',
    ],
    { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const worst = /worst p50 ratio: ([\d.]+)x/.exec(output);
  if (!worst) throw new Error(`no ratio in:\n${output}`);
  return worst[1];
}

async function main() {
  const stockDir = ensureStockApp(repoRoot);
  const logDir = mkdtempSync(join(tmpdir(), 'stock-comparison-'));
  console.log(`logs in ${logDir}`);
  const backends: BackendProcess[] = [];
  try {
    const readyMs: number[] = [];
    if (production) {
      const runtimes = [
        { name: 'stock', appDir: stockDir, dataFiles: ['examples'] },
        {
          name: 'portal',
          appDir: portalDir,
          dataFiles: [
            'examples',
            'templates',
            'catalog-info.yaml',
            'mkdocs.yml',
            'docs',
          ],
        },
      ].map(spec =>
        buildProductionRuntime(spec, logDir, {
          build: !process.argv.includes('--no-build'),
        }),
      );
      for (const [i, runtime] of runtimes.entries()) {
        const name = i === 0 ? 'stock' : 'portal';
        const backend = await startProductionBackend({
          name,
          dir: runtime.dir,
          port: i === 0 ? 7107 : 7207,
          logDir,
          env: {
            BOOKSTORE_LOCAL_GIT_DIR: join(logDir, 'git'),
            ...(withModules ? moduleReportEnv(reportFile(logDir, name)) : {}),
          },
        });
        backends.push(backend);
        readyMs.push(backend.readyMs);
      }
    } else {
      backends.push(
        await startDevBackend({
          name: 'stock',
          appDir: stockDir,
          port: 7107,
          logDir,
        }),
      );
      backends.push(
        await startDevBackend({
          name: 'portal',
          appDir: repoRoot,
          port: 7207,
          logDir,
          env: { BOOKSTORE_LOCAL_GIT_DIR: join(logDir, 'git') },
        }),
      );
    }
    const tokens = await Promise.all(backends.map(b => guestToken(b.url)));
    const names = await Promise.all(
      backends.map((b, i) => firstComponent(b, tokens[i])),
    );
    await sleep(15_000);
    const rssReady = backends.map(b => b.rssMb());
    if (withModules) {
      const [stock, portal] = await Promise.all(
        backends.map(b =>
          moduleReport(
            b.child.pid!,
            reportFile(logDir, b.name.replace(/-production$/, '')),
          ),
        ),
      );
      const stockNames = new Set(stock.byPackage.map(p => p.name));
      const kb = (list: typeof stock.byPackage) =>
        Math.round(list.reduce((sum, p) => sum + p.kb, 0) / 1024);
      console.log(
        `\nheap used 15 s after ready: stock ${stock.heapUsedMb} MB, portal ${
          portal.heapUsedMb
        } MB; code loaded: stock ${stock.files} files (${kb(
          stock.byPackage,
        )} MB), portal ${portal.files} files (${kb(portal.byPackage)} MB)`,
      );
      const onlyPortal = portal.byPackage.filter(p => !stockNames.has(p.name));
      console.log(
        `only the portal loads ${onlyPortal.length} packages (${kb(
          onlyPortal,
        )} MB of code); the largest:`,
      );
      for (const p of onlyPortal.slice(0, 25)) {
        console.log(`  ${p.name}: ${p.kb} kB in ${p.files} files`);
      }
    }

    const queries = [
      {
        title: `catalog first page (by-query limit=20 kind=component), 16 connections, ${duration} s, SQLite`,
        path: () =>
          '/api/catalog/entities/by-query?limit=20&filter=kind=component',
      },
      {
        title: 'entity by name, same load',
        path: (i: number) =>
          `/api/catalog/entities/by-name/component/${names[i].namespace}/${names[i].name}`,
      },
    ];
    const results = queries.map(() => backends.map(() => [] as Load[]));
    for (const [q, query] of queries.entries()) {
      for (const [i, b] of backends.entries()) {
        await load(`${b.url}${query.path(i)}`, tokens[i], 5);
      }
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? [0, 1] : [1, 0];
        for (const i of order) {
          const b = backends[i];
          const result = await load(
            `${b.url}${query.path(i)}`,
            tokens[i],
            duration,
          );
          results[q][i].push(result);
          console.log(
            `${b.name} ${query.path(i)}: ${result.reqPerSec.toFixed(
              0,
            )} req/s, p99 ${result.p99} ms, ${result.errors} errors`,
          );
        }
      }
    }
    const rssLoaded = backends.map(b => b.rssMb());

    const mean = (loads: Load[], key: 'reqPerSec' | 'p99') =>
      loads.reduce((sum, l) => sum + l[key], 0) / loads.length;
    const rows: string[][] = [];
    for (const [q, query] of queries.entries()) {
      const [stock, portal] = results[q].map(loads => ({
        rps: mean(loads, 'reqPerSec'),
        p99: mean(loads, 'p99'),
        errors: loads.reduce((sum, l) => sum + l.errors, 0),
      }));
      rows.push([
        query.title,
        `${stock.rps.toFixed(0)} req/s, p99 ${stock.p99.toFixed(0)} ms, ${
          stock.errors
        } errors`,
        `${portal.rps.toFixed(0)} req/s, p99 ${portal.p99.toFixed(0)} ms, ${
          portal.errors
        } errors`,
        `${(portal.rps / stock.rps).toFixed(2)}x`,
        '≥ 0.9x stock req/s',
      ]);
    }
    const start = production ? 'production build' : 'dev start';
    if (production) {
      rows.push([
        'backend start to ready (production build)',
        `${(readyMs[0] / 1000).toFixed(1)} s`,
        `${(readyMs[1] / 1000).toFixed(1)} s`,
        `${(readyMs[1] / readyMs[0]).toFixed(2)}x`,
        '—',
      ]);
    }
    rows.push([
      `RSS 15 s after ready (${start})`,
      `${rssReady[0]} MB`,
      `${rssReady[1]} MB`,
      `${(rssReady[1] / rssReady[0]).toFixed(2)}x`,
      '≤ 1.3x',
    ]);
    rows.push([
      'RSS after the load above',
      `${rssLoaded[0]} MB`,
      `${rssLoaded[1]} MB`,
      `${(rssLoaded[1] / rssLoaded[0]).toFixed(2)}x`,
      '≤ 1.3x',
    ]);
    if (production) {
      const loads: FirstLoad[][] = [];
      for (const [i, b] of backends.entries()) {
        loads.push(await firstLoads(b.url, names[i], 3));
      }
      const median = (values: number[]) =>
        [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
      const cell = (l: FirstLoad[]) =>
        `${median(l.map(x => x.signInMs))} + ${median(
          l.map(x => x.entityMs),
        )} ms, ${l[0].scriptKb} kB of JS, ${l[0].requests} requests`;
      const total = (l: FirstLoad[]) =>
        median(l.map(x => x.signInMs + x.entityMs));
      rows.push([
        'service page first load in Chromium, cold (sign-in page + Enter to the heading; median of 3)',
        cell(loads[0]),
        cell(loads[1]),
        `${(total(loads[1]) / total(loads[0])).toFixed(2)}x`,
        '—',
      ]);
    }
    await Promise.all(backends.splice(0).map(b => b.stop()));
    if (withPolicy) {
      rows.push([
        'policy first page with count, PostgreSQL (bench/permission-catalog-list.ts --pg)',
        'allow-all',
        'team-label',
        `${policyRatio()}x (worst p50)`,
        '≤ 1.3x',
      ]);
    }

    console.log(
      `\n${rounds} rounds of ${duration} s per query and backend, alternating; load average ${loadavg()
        .map(l => l.toFixed(2))
        .join(' ')}`,
    );
    console.log('| figure | stock | portal | portal / stock | target |');
    console.log('|---|---|---|---|---|');
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  } finally {
    await Promise.all(backends.map(b => b.stop()));
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
