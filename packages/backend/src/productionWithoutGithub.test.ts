import { JsonObject } from '@backstage/types';
import { waitForEntities } from './__testUtils__/catalogClient';
import { startProductionBackend } from './__testUtils__/backendProcess';
import { signInAsGuest } from './__testUtils__/portalBackend';
import { loadPortalConfig } from './__testUtils__/portalConfig';
import { loadProductionPortalConfig } from './__testUtils__/productionPortal';
import { serveOidcDiscovery } from './__testUtils__/oidc';
import { startPostgres } from './__testUtils__/postgres';

jest.setTimeout(300_000);

describe('the production image without GitHub', () => {
  it("starts and serves the image's catalog with the templates' url location at an unreachable GitHub", async () => {
    const postgres = await startPostgres();
    const keycloak = await serveOidcDiscovery();
    const config = await loadProductionPortalConfig({
      database: postgres.connection,
      keycloakMetadataUrl: keycloak.metadataUrl,
    });
    // The production url locations (the templates on main), at the unreachable GitHub host.
    const production = await loadPortalConfig([
      'app-config.yaml',
      'app-config.production.yaml',
    ]);
    const urlLocations = (
      (production.catalog as JsonObject).locations as JsonObject[]
    ).filter(location => location.type === 'url');
    expect(urlLocations.map(l => l.target)).toEqual([
      'https://github.bookstore.test/bookstore/bookstore-portal/blob/main/templates/*/template.yaml',
    ]);
    (config.catalog as { locations: JsonObject[] }).locations.push(
      ...urlLocations,
    );

    const backend = await startProductionBackend(config);
    try {
      const token = await signInAsGuest(backend.server);
      await waitForEntities(backend.server, token, all =>
        all.some(e => e.metadata.name === 'payments-gateway'),
      );
    } finally {
      await backend.stop();
      await keycloak.close();
      await postgres.stop();
    }
  });
});
