/*
 * Where the portal backend's CPU time goes under the stock comparison's load.
 *
 *   source scripts/node-env.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/cpu-profile.ts \
 *     [--duration S] [--query first-page|by-name] [--top N]
 *
 * Starts the portal's backend as a developer does (`yarn start`: SQLite, the example catalog,
 * guest sign-in) with the inspector open, signs in as a guest, warms up 5 s, then records a
 * CPU profile (the V8 inspector's Profiler) while 16 connections ask the query for `--duration`
 * seconds (default 15). Prints the throughput, then the self time per package (node_modules
 * package, our plugin or node's internals) and the top functions by self time, and writes the
 * .cpuprofile (open it in Chromium's DevTools) next to the logs.
 */
import autocannon from 'autocannon';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { guestToken, startDevBackend } from './stock-comparison/devBackend';

const repoRoot = resolve(__dirname, '..');
const INSPECT_PORT = 9239;

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index < 0 ? fallback : process.argv[index + 1];
}
const duration = Number(option('--duration', '15'));
const query = option('--query', 'first-page');
const top = Number(option('--top', '25'));

interface ProfileNode {
  id: number;
  callFrame: {
    functionName: string;
    url: string;
    lineNumber: number;
  };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A Chrome DevTools Protocol session with the backend's inspector. */
async function inspector(port: number) {
  const targets = (await (
    await fetch(`http://127.0.0.1:${port}/json/list`)
  ).json()) as Array<{ webSocketDebuggerUrl: string }>;
  // Node's own WebSocket client (a global since Node 22).
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((ok, fail) => {
    socket.addEventListener('open', ok, { once: true });
    socket.addEventListener('error', fail, { once: true });
  });
  let id = 0;
  const pending = new Map<number, (result: any) => void>();
  socket.addEventListener('message', event => {
    const message = JSON.parse(String(event.data));
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  return {
    send(method: string, params: object = {}): Promise<any> {
      id += 1;
      const current = id;
      return new Promise(ok => {
        pending.set(current, ok);
        socket.send(JSON.stringify({ id: current, method, params }));
      });
    },
    close: () => socket.close(),
  };
}

/** The package a script belongs to: the node_modules package, our workspace, or node. */
function packageOf(url: string): string {
  if (!url) return '(native, GC, idle)';
  if (url.startsWith('node:')) return 'node internals';
  const modules = url.split('node_modules/');
  if (modules.length > 1) {
    const parts = modules[modules.length - 1].split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const workspace = /\/(plugins|packages)\/([^/]+)\//.exec(url);
  return workspace ? `${workspace[1]}/${workspace[2]}` : url;
}

function selfTimes(profile: Profile) {
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((sample, i) => {
    self.set(sample, (self.get(sample) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = profile.endTime - profile.startTime;
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [nodeId, micros] of self) {
    const { callFrame } = byId.get(nodeId)!;
    const pkg =
      callFrame.functionName === '(idle)' ? '(idle)' : packageOf(callFrame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + micros);
    const fn = `${callFrame.functionName || '(anonymous)'} ${pkg}:${
      callFrame.lineNumber + 1
    }`;
    functions.set(fn, (functions.get(fn) ?? 0) + micros);
  }
  const sorted = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { total, packages: sorted(packages), functions: sorted(functions) };
}

async function main() {
  const logDir = mkdtempSync(join(tmpdir(), 'cpu-profile-'));
  console.log(`logs in ${logDir}`);
  const backend = await startDevBackend({
    name: 'portal',
    appDir: repoRoot,
    port: 7207,
    logDir,
    env: { BOOKSTORE_LOCAL_GIT_DIR: join(logDir, 'git') },
    args: [`--inspect=127.0.0.1:${INSPECT_PORT}`],
  });
  try {
    const token = await guestToken(backend.url);
    const page = `${backend.url}/api/catalog/entities/by-query?limit=20&filter=kind=component`;
    let url = page;
    if (query === 'by-name') {
      const first = (await (
        await fetch(page, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { items: Array<{ metadata: { name: string } }> };
      url = `${backend.url}/api/catalog/entities/by-name/component/default/${first.items[0].metadata.name}`;
    }
    const run = (seconds: number) =>
      autocannon({
        url,
        connections: 16,
        duration: seconds,
        headers: { authorization: `Bearer ${token}` },
      });
    await run(5);
    const session = await inspector(INSPECT_PORT);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 500 });
    await session.send('Profiler.start');
    const result = await run(duration);
    const { profile } = (await session.send('Profiler.stop')) as {
      profile: Profile;
    };
    session.close();
    const file = join(logDir, `portal-${query}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));

    const { total, packages, functions } = selfTimes(profile);
    const pct = (micros: number) =>
      `${((100 * micros) / total).toFixed(1).padStart(5)} %`;
    console.log(
      `${url.replace(backend.url, '')}: ${result.requests.average.toFixed(
        0,
      )} req/s, p99 ${result.latency.p99} ms, ${
        result.errors + result.non2xx
      } errors over ${duration} s; profile ${file}`,
    );
    console.log('\nself time per package');
    for (const [pkg, micros] of packages.slice(0, top)) {
      console.log(`${pct(micros)}  ${pkg}`);
    }
    console.log('\nfunctions by self time');
    for (const [fn, micros] of functions.slice(0, top)) {
      console.log(`${pct(micros)}  ${fn}`);
    }
  } finally {
    await backend.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
