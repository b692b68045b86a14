import { execFile } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './freePort';

const run = promisify(execFile);

/** A throwaway PostgreSQL server, run from the Debian packages' binaries. */
export interface TestPostgres {
  connection: { host: string; port: number; user: string; password: string };
  /** Runs one SQL statement with psql and returns its rows, fields separated by `|`. */
  query(sql: string): Promise<string[]>;
  stop(): Promise<void>;
}

function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter(v => existsSync(join(root, v, 'bin', 'initdb')))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql; run scripts/setup-system.sh (it installs the Debian postgresql package)',
    );
  }
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return join(root, newest, 'bin');
}

/**
 * Starts a PostgreSQL server on a free loopback port in a temporary directory.
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'portal-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const uid = Number(stdout.trim());
    const { stdout: gidOut } = await run('id', ['-g', 'postgres']);
    chownSync(dir, uid, Number(gidOut.trim()));
  }
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args])
      : run(join(bin, tool), args);

  const user = 'backstage';
  const password = 'portal-test';
  const port = await freePort();
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, password, { mode: 0o644 });
  await pg('initdb', [
    '-D',
    data,
    '-U',
    user,
    '--pwfile',
    pwfile,
    '--auth',
    'scram-sha-256',
    '--encoding',
    'UTF8',
    '--no-sync',
  ]);
  await pg('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  return {
    connection: { host: '127.0.0.1', port, user, password },
    async query(sql: string) {
      const { stdout } = await run(
        'psql',
        [
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-U',
          user,
          '-d',
          'postgres',
          '-A',
          '-t',
          '-c',
          sql,
        ],
        { env: { ...process.env, PGPASSWORD: password } },
      );
      return stdout.split('\n').filter(Boolean);
    },
    async stop() {
      await pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
