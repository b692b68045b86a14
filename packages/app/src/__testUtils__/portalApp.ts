import { loadConfig } from '@backstage/config-loader';
import type { Entity } from '@backstage/catalog-model';
import type { AppConfig, JsonObject } from '@backstage/config';
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { parseAllDocuments } from 'yaml';

const repoRoot = resolvePath(__dirname, '../../../..');

/**
 * The portal's app-config.yaml as the frontend receives it, followed by `overrides`
 * (later configs win, as with several --config flags).
 */
export async function loadAppConfig(
  ...overrides: JsonObject[]
): Promise<AppConfig[]> {
  const { appConfigs } = await loadConfig({
    configRoot: repoRoot,
    configTargets: [{ path: resolvePath(repoRoot, 'app-config.yaml') }],
  });
  return [
    ...appConfigs,
    ...overrides.map((data, i) => ({ context: `test-override-${i}`, data })),
  ];
}

/** A Component from the example catalog, as the catalog API returns it. */
export function exampleComponent(name: string): Entity {
  const file = resolvePath(
    repoRoot,
    'examples/catalog/components',
    name,
    'catalog-info.yaml',
  );
  const entity = parseAllDocuments(readFileSync(file, 'utf8'))
    .map(doc => doc.toJS() as Entity)
    .find(e => e.kind === 'Component' && e.metadata.name === name);
  if (!entity) {
    throw new Error(`no Component ${name} in ${file}`);
  }
  return {
    ...entity,
    metadata: { namespace: 'default', uid: `uid-${name}`, ...entity.metadata },
    relations: [],
  };
}

/**
 * An unsigned token in the shape the auth backend issues (`sub` and `ent` claims, an
 * hour to live); the frontend only reads its claims.
 */
export function backstageToken(sub: string, ent: string[] = [sub]): string {
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${part({ alg: 'none' })}.${part({ sub, ent, exp })}.`;
}
