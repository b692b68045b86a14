import { createServer, Server } from 'node:http';
import request from 'supertest';
import { listEntities, waitForEntities } from './__testUtils__/catalogClient';
import { JsonObject } from '@backstage/types';
import { startProductionBackend } from './__testUtils__/backendProcess';
import { signInAsGuest } from './__testUtils__/portalBackend';
import { loadProductionPortalConfig } from './__testUtils__/productionPortal';
import { serveOidcDiscovery } from './__testUtils__/oidc';
import { startPostgres, TestPostgres } from './__testUtils__/postgres';

jest.setTimeout(300_000);

const registered = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: registered-at-runtime
spec:
  type: service
  lifecycle: experimental
  owner: platform-team
`;

/** Serves one catalog file over HTTP, as a git host would. */
async function serveCatalogFile(): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/yaml' });
    res.end(registered);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    server,
    url: `http://127.0.0.1:${address.port}/catalog-info.yaml`,
  };
}

describe('the portal backend on PostgreSQL (production configuration)', () => {
  let postgres: TestPostgres;
  // Production signs in through Keycloak; its provider needs the realm's discovery document.
  let keycloak: Awaited<ReturnType<typeof serveOidcDiscovery>>;

  beforeAll(async () => {
    postgres = await startPostgres();
    keycloak = await serveOidcDiscovery();
  });

  afterAll(async () => {
    await postgres?.stop();
    await keycloak?.close();
  });

  async function startPortal(
    extra: Record<string, unknown> = {},
    database: TestPostgres = postgres,
  ) {
    const { host, port } = database.connection;
    const config = await loadProductionPortalConfig({
      database: database.connection,
      keycloakMetadataUrl: keycloak.metadataUrl,
      overrides: [extra as JsonObject],
    });
    expect(config.backend).toMatchObject({
      database: {
        client: 'pg',
        connection: { host, port: String(port) },
        knexConfig: { pool: { min: 0, max: 2, acquireTimeoutMillis: 30000 } },
        plugin: { catalog: { knexConfig: { pool: { max: 10 } } } },
      },
    });
    return startProductionBackend(config);
  }

  it('keeps the catalog across a backend restart', async () => {
    const source = await serveCatalogFile();
    const reading = {
      backend: { reading: { allow: [{ host: new URL(source.url).host }] } },
    };

    const first = await startPortal(reading);
    const token = await signInAsGuest(first.server);
    await waitForEntities(first.server, token, all =>
      all.some(e => e.metadata.name === 'payments-gateway'),
    );
    const registration = await request(first.server)
      .post('/api/catalog/locations')
      .set('Authorization', `Bearer ${token}`)
      .send({ type: 'url', target: source.url });
    expect(registration.status).toBe(201);
    const [before] = await waitForEntities(
      first.server,
      token,
      all => all.length === 1,
      { filter: 'metadata.name=registered-at-runtime' },
    );
    const gatewayBefore = (
      await listEntities(first.server, token, 'metadata.name=payments-gateway')
    )[0];
    await first.stop();
    // The entity registered at run time can no longer be read from its source.
    await new Promise(r => source.server.close(r));

    const second = await startPortal(reading);
    try {
      // A token from before the restart is still valid: the signing keys live in the database too.
      const [after] = await listEntities(
        second.server,
        token,
        'metadata.name=registered-at-runtime',
      );
      expect(after?.metadata.uid).toBe(before.metadata.uid);
      const [gatewayAfter] = await listEntities(
        second.server,
        token,
        'metadata.name=payments-gateway',
      );
      expect(gatewayAfter?.metadata.uid).toBe(gatewayBefore.metadata.uid);
    } finally {
      await second.stop();
    }
  });
  it("answers 200 concurrent catalog reads within the production pools' connections", async () => {
    // A server of its own: connections of the other test's backends do not count.
    const own = await startPostgres();
    const portal = await startPortal({}, own);
    try {
      const token = await signInAsGuest(portal.server);
      await waitForEntities(portal.server, token, all =>
        all.some(e => e.metadata.name === 'payments-gateway'),
      );
      const connections = () =>
        own
          .query(
            "SELECT count(*) FROM pg_stat_activity WHERE usename = 'backstage' AND pid <> pg_backend_pid()",
          )
          .then(([count]) => Number(count));
      let peak = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peak = Math.max(peak, await connections());
        }
      })();
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          request(portal.server)
            .get('/api/catalog/entities/by-query')
            .query({
              limit: 20,
              filter: 'kind=component',
              orderField: i % 2 ? 'metadata.name,asc' : 'metadata.name,desc',
            })
            .set('Authorization', `Bearer ${token}`),
        ),
      );
      const elapsed = Date.now() - started;
      sampling = false;
      await sampler;
      const failures = answers.filter(a => a.status !== 200);
      expect(failures.map(a => `${a.status} ${a.text}`)).toEqual([]);
      expect(answers.every(a => a.body.items.length > 0)).toBe(true);
      // What the pools allow: 2 per plugin database, 10 for the catalog's, and the one
      // connection with which the backend creates the databases at start.
      const [databases] = await own.query(
        "SELECT count(*) FROM pg_database WHERE datname LIKE 'backstage_plugin_%'",
      );
      const allowed = (Number(databases) - 1) * 2 + 10 + 1;
      expect(peak).toBeGreaterThan(0);
      expect(peak).toBeLessThanOrEqual(allowed);
      process.stdout.write(
        `200 concurrent catalog reads: ${elapsed} ms, peak ${peak} connections (pools allow ${allowed} over ${databases} plugin databases)\n`,
      );
    } finally {
      await portal.stop();
      await own.stop();
    }
  });
});
