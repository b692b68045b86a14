import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where a preloaded backend writes its report, and the NODE_OPTIONS that preload it. */
export function moduleReportEnv(out: string): Record<string, string> {
  return {
    BENCH_MODULE_REPORT: out,
    NODE_OPTIONS: `--no-node-snapshot --require ${resolve(
      __dirname,
      'moduleReport.cjs',
    )}`,
  };
}

/** The package a loaded file belongs to: the path after its last node_modules, else its workspace folder. */
function packageOf(file: string): string {
  const parts = file.split('/node_modules/');
  if (parts.length > 1) {
    const rest = parts[parts.length - 1].split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const workspace = /\/(packages|plugins)\/([^/]+)\//.exec(file);
  return workspace ? `${workspace[1]}/${workspace[2]}` : 'other';
}

/** Asks the process for its report and sums the loaded files' sizes by package. */
export async function moduleReport(
  pid: number,
  out: string,
): Promise<{
  heapUsedMb: number;
  files: number;
  byPackage: Array<{ name: string; files: number; kb: number }>;
}> {
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 10_000;
  while (!existsSync(out) && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 200));
  }
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    memory: { heapUsed: number };
    files: string[];
  };
  const sums = new Map<string, { files: number; bytes: number }>();
  for (const file of report.files) {
    const name = packageOf(file);
    const sum = sums.get(name) ?? { files: 0, bytes: 0 };
    sum.files++;
    try {
      sum.bytes += statSync(file).size;
    } catch {
      // a file loaded from memory
    }
    sums.set(name, sum);
  }
  return {
    heapUsedMb: Math.round(report.memory.heapUsed / 1024 / 1024),
    files: report.files.length,
    byPackage: [...sums.entries()]
      .map(([name, s]) => ({
        name,
        files: s.files,
        kb: Math.round(s.bytes / 1024),
      }))
      .sort((a, b) => b.kb - a.kb),
  };
}

export const reportFile = (logDir: string, name: string) =>
  join(logDir, `${name}.modules.json`);
