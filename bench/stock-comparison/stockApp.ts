import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/** The create-app release the portal is compared with (Backstage 1.55, like backstage.json). */
export const STOCK_CREATE_APP = '@backstage/create-app@0.9.2';

/**
 * create-app seeds an app's yarn.lock from GitHub, which is out of reach here; without it the
 * app's caret ranges take packages published since, some of which need newer core services
 * than the ones its ranges resolve (a stock app made today does not start: signals-backend
 * 0.3.21 on backend-defaults 0.18). So the app's own Backstage dependencies are pinned to the
 * versions create-app wrote (the lower end of each range): the app as it was released.
 */
function pinToRelease(dir: string) {
  const manifests = [
    join(dir, 'package.json'),
    ...readdirSync(join(dir, 'packages'), { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .map(({ name }) => join(dir, 'packages', name, 'package.json')),
  ];
  for (const manifest of manifests) {
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    for (const field of ['dependencies', 'devDependencies']) {
      for (const [name, range] of Object.entries<string>(pkg[field] ?? {})) {
        if (name.startsWith('@backstage/') && range.startsWith('^')) {
          pkg[field][name] = range.slice(1);
        }
      }
    }
    writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
  }
  // An empty lockfile: the app is a project of its own, not part of the portal's.
  writeFileSync(join(dir, 'yarn.lock'), '');
  rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
}

/**
 * A stock Backstage app as `create-app` makes it, in the git-ignored `.cache/bench/stock-app`:
 * created and installed on first use (a few minutes, from the npm registry), then reused.
 * None of it is committed.
 */
export function ensureStockApp(repoRoot: string): string {
  const dir = join(repoRoot, '.cache', 'bench', 'stock-app');
  if (!existsSync(join(dir, 'package.json'))) {
    mkdirSync(dirname(dir), { recursive: true });
    console.log(`creating a stock app with ${STOCK_CREATE_APP} in ${dir}`);
    execFileSync(
      'npx',
      ['-y', STOCK_CREATE_APP, '--path', dir, '--skip-install'],
      { input: 'stock-app\n', stdio: ['pipe', 'inherit', 'inherit'] },
    );
  }
  if (!existsSync(join(dir, 'node_modules', '.yarn-state.yml'))) {
    pinToRelease(dir);
    console.log(`installing the stock app's dependencies`);
    execFileSync('yarn', ['install'], { cwd: dir, stdio: 'inherit' });
  }
  return dir;
}
