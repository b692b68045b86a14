import { loadConfig } from '@backstage/config-loader';
import type { Entity } from '@backstage/catalog-model';
import type { AppConfig } from '@backstage/config';
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { parseAllDocuments } from 'yaml';

const repoRoot = resolvePath(__dirname, '../../../..');

/** The portal's app-config.yaml as the frontend receives it. */
export async function loadAppConfig(): Promise<AppConfig[]> {
  const { appConfigs } = await loadConfig({
    configRoot: repoRoot,
    configTargets: [{ path: resolvePath(repoRoot, 'app-config.yaml') }],
  });
  return appConfigs;
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
