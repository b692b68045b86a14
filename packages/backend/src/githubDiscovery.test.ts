import request from 'supertest';
import {
  componentYaml,
  startFakeGithub,
  templateYaml,
} from './__testUtils__/fakeGithub';
import { listEntities, waitForEntities } from './__testUtils__/catalogClient';
import { loadPortalConfig } from './__testUtils__/portalConfig';
import { startPortalBackend } from './__testUtils__/portalBackend';
import { serviceTokenAccess } from './__testUtils__/securityBackend';

jest.setTimeout(180_000);

const TOKEN = 'github-discovery-test-service-token-0123456789';

describe('Templates from the platform repository (a url location on main)', () => {
  it('lists the templates of templates/*/template.yaml and shows a merged change after a refresh', async () => {
    const github = await startFakeGithub({
      organization: 'bookstore',
      appId: 4711,
      repositories: [
        {
          name: 'bookstore-portal',
          files: {
            'templates/new-bookstore-service/template.yaml':
              templateYaml('New service'),
            'templates/README.md': '# templates',
          },
        },
      ],
    });
    const target = `https://${github.host}/bookstore/bookstore-portal/blob/main/templates/*/template.yaml`;
    const config = await loadPortalConfig(
      ['app-config.yaml'],
      [
        serviceTokenAccess(TOKEN, 'github-discovery-test'),
        github.integrationConfig,
        {
          catalog: {
            locations: [
              { type: 'url', target, rules: [{ allow: ['Template'] }] },
            ],
          },
        },
      ],
    );
    const backend = await startPortalBackend(config);
    const titles = () =>
      listEntities(backend.server, TOKEN, 'kind=template').then(all =>
        all.map(e => e.metadata.title),
      );
    try {
      await waitForEntities(backend.server, TOKEN, all => all.length === 1, {
        filter: 'kind=template',
        timeoutMs: 60_000,
      });
      expect(await titles()).toEqual(['New service']);

      // A platform engineer's change merged on main; the location is refreshed (as its
      // processing interval would).
      github.state.repositories[0].files[
        'templates/new-bookstore-service/template.yaml'
      ] = templateYaml('New Go service');
      const changed = Date.now();
      const [location] = await listEntities(
        backend.server,
        TOKEN,
        `kind=location,spec.target=${target}`,
      );
      const refreshed = await request(backend.server)
        .post('/api/catalog/refresh')
        .set('Authorization', `Bearer ${TOKEN}`)
        .send({ entityRef: `location:default/${location.metadata.name}` });
      expect(refreshed.status).toBe(200);
      await waitForEntities(
        backend.server,
        TOKEN,
        all => all.some(e => e.metadata.title === 'New Go service'),
        { filter: 'kind=template', timeoutMs: 60_000 },
      );
      expect(await titles()).toEqual(['New Go service']);
      process.stdout.write(
        `a merged template change in the catalog (the Create page's list) ${
          Date.now() - changed
        } ms after the location's refresh was asked\n`,
      );

      // GitHub down: refreshing the location fails, and the templates stay.
      github.state.failing = true;
      const before = github.state.requests;
      const again = await request(backend.server)
        .post('/api/catalog/refresh')
        .set('Authorization', `Bearer ${TOKEN}`)
        .send({ entityRef: `location:default/${location.metadata.name}` });
      expect(again.status).toBe(200);
      const deadline = Date.now() + 30_000;
      while (github.state.requests === before && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 250));
      }
      expect(github.state.requests).toBeGreaterThan(before);
      await new Promise(r => setTimeout(r, 2_000));
      expect(await titles()).toEqual(['New Go service']);
    } finally {
      await backend.stop();
      await github.close();
    }
  });
});

describe('GitHub discovery as the GitHub App (catalog.providers.github)', () => {
  it("finds the organisation's repositories with a catalog-info.yaml, picks up a new one, and keeps them while GitHub is down", async () => {
    const github = await startFakeGithub({
      organization: 'bookstore',
      appId: 4711,
      repositories: [
        {
          name: 'orders-api',
          files: { 'catalog-info.yaml': componentYaml('orders-api') },
        },
        { name: 'scratch', files: { 'README.md': '# no catalog file' } },
      ],
    });
    const config = await loadPortalConfig(
      ['app-config.yaml'],
      [
        serviceTokenAccess(TOKEN, 'github-discovery-test'),
        github.integrationConfig,
        {
          catalog: {
            locations: [],
            providers: {
              github: {
                organisation: {
                  host: github.host,
                  organization: 'bookstore',
                  catalogPath: '/catalog-info.yaml',
                  filters: { branch: 'main' },
                  schedule: {
                    frequency: { seconds: 1 },
                    timeout: { minutes: 1 },
                  },
                },
              },
            },
          },
        },
      ],
    );
    const backend = await startPortalBackend(config);
    const components = () =>
      listEntities(backend.server, TOKEN, 'kind=component').then(all =>
        all.map(e => e.metadata.name).sort(),
      );
    try {
      await waitForEntities(
        backend.server,
        TOKEN,
        all => all.some(e => e.metadata.name === 'orders-api'),
        { filter: 'kind=component', timeoutMs: 30_000 },
      );
      expect(await components()).toEqual(['orders-api']);

      const pushed = Date.now();
      github.state.repositories.push({
        name: 'ratings-api',
        files: { 'catalog-info.yaml': componentYaml('ratings-api') },
      });
      await waitForEntities(
        backend.server,
        TOKEN,
        all => all.some(e => e.metadata.name === 'ratings-api'),
        { filter: 'kind=component', timeoutMs: 30_000 },
      );
      expect(await components()).toEqual(['orders-api', 'ratings-api']);
      process.stdout.write(
        `a new repository's catalog-info.yaml in the catalog ${
          Date.now() - pushed
        } ms after it appeared on GitHub (discovery every 1 s)\n`,
      );

      // GitHub down for several runs: the discovered services stay.
      github.state.failing = true;
      const before = github.state.requests;
      const deadline = Date.now() + 30_000;
      while (github.state.requests < before + 3 && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 250));
      }
      expect(github.state.requests).toBeGreaterThanOrEqual(before + 3);
      expect(await components()).toEqual(['orders-api', 'ratings-api']);
    } finally {
      await backend.stop();
      await github.close();
    }
  });
});
