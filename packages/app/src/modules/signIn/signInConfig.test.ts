/**
 * @jest-environment node
 */
import { ConfigReader } from '@backstage/config';
import {
  ConfigSchema,
  loadConfig,
  loadConfigSchema,
} from '@backstage/config-loader';
import { resolve as resolvePath } from 'node:path';

jest.setTimeout(120_000);

const repoRoot = resolvePath(__dirname, '../../../../..');

/** The config schema of the app and everything it depends on, as the app build collects it. */
let schema: ConfigSchema;
beforeAll(async () => {
  schema = await loadConfigSchema({ dependencies: ['app'] });
});

/** The portal's config files, every ${VARIABLE} filled in as the deployment does. */
async function portalConfig(files: string[]) {
  const { appConfigs } = await loadConfig({
    configRoot: repoRoot,
    configTargets: files.map(file => ({ path: resolvePath(repoRoot, file) })),
    experimentalEnvFunc: async name =>
      name.endsWith('_URL') ? `https://${name.toLowerCase()}.example` : name,
  });
  return appConfigs;
}

/** What the frontend receives: only the keys the schema marks `@visibility frontend`. */
function frontendConfig(configs: Awaited<ReturnType<typeof portalConfig>>) {
  return ConfigReader.fromConfigs(
    schema.process(configs, {
      visibility: ['frontend'],
      ignoreSchemaErrors: true,
    }),
  );
}

describe('the app.signIn config', () => {
  it('reaches the frontend in production, choosing Keycloak (OIDC)', async () => {
    const config = frontendConfig(
      await portalConfig(['app-config.yaml', 'app-config.production.yaml']),
    );
    expect(config.getString('app.signIn.provider')).toBe('oidc');
    // Visibility is per key: the provider's secrets stay behind.
    expect(
      config.getOptional('auth.providers.oidc.production.clientSecret'),
    ).toBeUndefined();
  });

  it('reaches the frontend locally, choosing the guest', async () => {
    const config = frontendConfig(await portalConfig(['app-config.yaml']));
    expect(config.getString('app.signIn.provider')).toBe('guest');
  });

  it.each(['keycloak', 'OIDC'])(
    'fails validation for the unknown provider %s, naming the allowed values',
    async provider => {
      const configs = await portalConfig(['app-config.yaml']);
      const withProvider = [
        ...configs,
        { context: 'test', data: { app: { signIn: { provider } } } },
      ];
      expect(() => schema.process(withProvider)).toThrow(
        /must be equal to one of the allowed values \{ allowedValues=guest,oidc,oauth2Proxy \} at \/app\/signIn\/provider/,
      );
      expect(() => schema.process(configs)).not.toThrow();
    },
  );
});
