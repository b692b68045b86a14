import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A backend process: `backstage-cli package start` as a developer starts it, or a production runtime. */
export interface BackendProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** The resident set of the process that runs the backend (the tree's largest), in MB. */
  rssMb(): number;
  stop(): Promise<void>;
}

function children(): Map<number, number[]> {
  const tree = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      tree.set(ppid, [...(tree.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while the tree was read
    }
  }
  return tree;
}

function rssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function largestRssMb(root: number): number {
  const tree = children();
  let largest = 0;
  const visit = (pid: number) => {
    largest = Math.max(largest, rssKb(pid));
    (tree.get(pid) ?? []).forEach(visit);
  };
  visit(root);
  return Math.round(largest / 1024);
}

async function waitReady(url: string, child: ChildProcess, log: string) {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the backend exited with ${child.exitCode}; see ${log}`);
    }
    try {
      const response = await fetch(`${url}/.backstage/health/v1/readiness`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(`the backend at ${url} was not ready in 300 s; see ${log}`);
}

/**
 * Starts a backend process (`command` in `cwd`, its own process group) that listens on
 * `url`, and waits for its readiness; its output goes to `<logDir>/<name>.log`.
 */
export async function startBackendProcess(options: {
  name: string;
  url: string;
  command: string;
  args: string[];
  cwd: string;
  logDir: string;
  env: Record<string, string | undefined>;
}): Promise<BackendProcess> {
  const { name, url, logDir } = options;
  const log = join(logDir, `${name}.log`);
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    detached: true,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: Buffer[] = [];
  child.stdout?.on('data', chunk => output.push(chunk));
  child.stderr?.on('data', chunk => output.push(chunk));
  const flush = () => writeFileSync(log, Buffer.concat(output));
  try {
    await waitReady(url, child, log);
  } catch (error) {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    throw error;
  } finally {
    flush();
  }
  return {
    name,
    url,
    child,
    rssMb: () => largestRssMb(child.pid!),
    async stop() {
      flush();
      if (child.exitCode !== null) return;
      const exited = new Promise(resolve => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      const timer = setTimeout(
        () => process.kill(-child.pid!, 'SIGKILL'),
        15_000,
      );
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts `yarn start` in the backend package of an app on a port of its own, with the
 * app's `app-config.yaml` and an override of the port, and waits for readiness.
 */
export async function startDevBackend(options: {
  name: string;
  appDir: string;
  port: number;
  logDir: string;
  env?: Record<string, string>;
  /** More arguments of `backstage-cli package start` (e.g. `--inspect=9230`). */
  args?: string[];
}): Promise<BackendProcess> {
  const { name, appDir, port, logDir } = options;
  const url = `http://localhost:${port}`;
  const override = join(logDir, `${name}.app-config.yaml`);
  writeFileSync(
    override,
    JSON.stringify({ backend: { baseUrl: url, listen: { port } } }),
  );
  return startBackendProcess({
    name,
    url,
    command: 'yarn',
    args: [
      'start',
      '--config',
      join(appDir, 'app-config.yaml'),
      '--config',
      override,
      ...(options.args ?? []),
    ],
    cwd: join(appDir, 'packages', 'backend'),
    logDir,
    env: { ...options.env, BACKEND_BASE_URL: url, NODE_ENV: 'development' },
  });
}

/** A guest's Backstage token, as the sign-in page gets it. */
export async function guestToken(url: string): Promise<string> {
  const response = await fetch(
    `${url}/api/auth/guest/refresh?env=development`,
    {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    },
  );
  if (!response.ok) {
    throw new Error(`guest sign-in at ${url} answered ${response.status}`);
  }
  const body = (await response.json()) as {
    backstageIdentity: { token: string };
  };
  return body.backstageIdentity.token;
}
