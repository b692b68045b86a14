import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { loadProductionPortalConfig } from './__testUtils__/productionPortal';

/** Only the config is loaded here: nothing listens at these. */
const unusedDatabase = {
  host: '127.0.0.1',
  port: 9,
  user: 'unused',
  password: 'unused',
};

/** The production config as the backend reads it, with `extra` last (the chart's extra app-config). */
async function productionConfig(extra: JsonObject[] = []) {
  return new ConfigReader(
    await loadProductionPortalConfig({
      database: unusedDatabase,
      keycloakMetadataUrl: 'http://127.0.0.1:9/realms/bookstore',
      overrides: extra,
    }),
  );
}

/** The hosts of the GitHub integrations that authenticate with a personal token. */
function personalTokenHosts(config: ConfigReader): string[] {
  return (config.getOptionalConfigArray('integrations.github') ?? [])
    .filter(integration => integration.has('token'))
    .map(integration => integration.getString('host'));
}

describe('GitHub in the production configuration', () => {
  it('authenticates as the GitHub App, never with a personal token, and discovers the organisation', async () => {
    const config = await productionConfig();

    expect(personalTokenHosts(config)).toEqual([]);
    const integrations = config.getConfigArray('integrations.github');
    expect(integrations.map(i => i.getString('host'))).toEqual([
      'github.bookstore.test',
    ]);
    for (const integration of integrations) {
      expect(integration.get('apps')).toEqual([
        {
          appId: '1',
          clientId: 'unused',
          clientSecret: 'unused',
          webhookSecret: 'unused',
          privateKey: 'unused',
        },
      ]);
    }

    expect(config.get('catalog.providers.github')).toMatchObject({
      organisation: {
        host: 'github.bookstore.test',
        organization: 'bookstore',
        catalogPath: '/catalog-info.yaml',
        filters: { branch: 'main' },
        schedule: { frequency: { minutes: 30 } },
      },
    });
    expect(config.getConfig('catalog.providers').keys().sort()).toEqual([
      'argocdApplications',
      'crossplaneTenants',
      'github',
      'keycloakOrg',
    ]);
  });

  it('names the host of an extra app-config that re-introduces a personal token', async () => {
    const config = await productionConfig([
      {
        integrations: {
          github: [{ host: 'github.com', token: 'ghp_reintroduced' }],
        },
      },
    ]);

    expect(personalTokenHosts(config)).toEqual(['github.com']);
  });
});
