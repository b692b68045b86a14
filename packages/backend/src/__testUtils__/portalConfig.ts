import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import { JsonObject } from '@backstage/types';
import { resolve as resolvePath } from 'node:path';

/** The repository root, where the app-config files live. */
export const repoRoot = resolvePath(__dirname, '../../../..');

/**
 * Loads the portal's own app-config files the way the backend does
 * (including environment substitution), with test overrides on top
 * (several are merged in order, e.g. two sign-in providers).
 */
export async function loadPortalConfig(
  files: string[],
  overrides: JsonObject | JsonObject[] = {},
): Promise<JsonObject> {
  const { appConfigs } = await loadConfig({
    configRoot: repoRoot,
    configTargets: files.map(file => ({ path: resolvePath(repoRoot, file) })),
  });
  return ConfigReader.fromConfigs([
    ...appConfigs,
    ...[overrides].flat().map(data => ({ context: 'test', data })),
  ]).get<JsonObject>();
}
