import { JsonObject } from '@backstage/types';
import { guestSignInForTests } from './portalBackend';
import { loadPortalConfig } from './portalConfig';

/**
 * The production configuration (app-config.yaml + app-config.production.yaml) on a test
 * database, with the environment the chart gives it: the database, the URLs and the secrets of
 * the third-party systems it requires (nothing answers at those in these tests: GitHub, Keycloak's
 * admin API, Argo CD) and Keycloak's
 * discovery document. Guest sign-in and the example catalog for the tests; `overrides` last.
 * `environment` replaces variables of that environment (e.g. a Keycloak that answers).
 */
export async function loadProductionPortalConfig(options: {
  database: { host: string; port: number; user: string; password: string };
  keycloakMetadataUrl: string;
  environment?: Record<string, string>;
  overrides?: JsonObject[];
}): Promise<JsonObject> {
  const { host, port, user, password } = options.database;
  Object.assign(process.env, {
    PORTAL_BASE_URL: 'http://localhost:7007',
    BACKEND_SECRET: 'test-secret-test-secret',
    POSTGRES_HOST: host,
    POSTGRES_PORT: String(port),
    POSTGRES_USER: user,
    POSTGRES_PASSWORD: password,
    ARGOCD_URL: 'http://127.0.0.1:9/argocd',
    ARGOCD_AUTH_TOKEN: 'unused',
    PAGERDUTY_API_TOKEN: 'unused',
    K8S_SERVICE_ACCOUNT_TOKEN: 'unused',
    KEYCLOAK_METADATA_URL: options.keycloakMetadataUrl,
    KEYCLOAK_CLIENT_ID: 'unused',
    KEYCLOAK_CLIENT_SECRET: 'unused',
    // GitHub (the App) and Keycloak's admin API at dead ports too: their providers only log.
    GITHUB_HOST: 'github.bookstore.test',
    GITHUB_API_BASE_URL: 'http://127.0.0.1:9/api/v3',
    GITHUB_ORG: 'bookstore',
    GITHUB_APP_ID: '1',
    GITHUB_APP_CLIENT_ID: 'unused',
    GITHUB_APP_CLIENT_SECRET: 'unused',
    GITHUB_APP_WEBHOOK_SECRET: 'unused',
    GITHUB_APP_PRIVATE_KEY: 'unused',
    KEYCLOAK_BASE_URL: 'http://127.0.0.1:9',
    KEYCLOAK_SYNC_CLIENT_ID: 'unused',
    KEYCLOAK_SYNC_CLIENT_SECRET: 'unused',
    ...options.environment,
  });
  return loadPortalConfig(
    ['app-config.yaml', 'app-config.production.yaml'],
    [
      {
        // The production locations are relative to the image's /app; jest runs in packages/backend.
        catalog: {
          locations: [
            { type: 'file', target: '../../examples/catalog/all.yaml' },
          ],
        },
        ...guestSignInForTests,
      },
      ...(options.overrides ?? []),
    ],
  );
}
