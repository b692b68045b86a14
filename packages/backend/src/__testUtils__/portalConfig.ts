import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import { JsonObject } from '@backstage/types';
import { isAbsolute, resolve as resolvePath } from 'node:path';

/** The repository root, where the app-config files live. */
export const repoRoot = resolvePath(__dirname, '../../../..');

/** Where the backend runs from (`yarn start`), which its relative file locations assume. */
const backendDir = resolvePath(repoRoot, 'packages/backend');

/**
 * The catalog resolves relative `file` locations against the working directory. Jest's is the
 * package's or, when the whole repository's tests run, the root's: anchor them where the
 * backend runs from.
 */
function anchorFileLocations(config: JsonObject): JsonObject {
  const catalog = config.catalog as JsonObject | undefined;
  const locations = catalog?.locations as JsonObject[] | undefined;
  if (!catalog || !locations) {
    return config;
  }
  return {
    ...config,
    catalog: {
      ...catalog,
      locations: locations.map(location =>
        location.type === 'file' && !isAbsolute(String(location.target))
          ? {
              ...location,
              target: resolvePath(backendDir, String(location.target)),
            }
          : location,
      ),
    },
  };
}

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
  return anchorFileLocations(
    ConfigReader.fromConfigs([
      ...appConfigs,
      ...[overrides].flat().map(data => ({ context: 'test', data })),
    ]).get<JsonObject>(),
  );
}

/**
 * Adds a file location to the loaded config's catalog.locations, allowed only `kinds`
 * (catalog.rules per location): e.g. a test's own template or tenants next to the portal's.
 */
export function addFileLocation(
  config: JsonObject,
  target: string,
  kinds: string[],
): void {
  (config.catalog as { locations: JsonObject[] }).locations.push({
    type: 'file',
    target,
    rules: [{ allow: kinds }],
  });
}
