import { Readable } from 'node:stream';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import searchBackend from '@backstage/plugin-search-backend';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import request from 'supertest';
import searchModuleLenientLunrEngine from '.';

jest.setTimeout(30_000);

/** A collator of one document type, run once right after start-up. */
const collatorOf = (type: string, titles: string[]) =>
  createBackendModule({
    pluginId: 'search',
    moduleId: `test-collator-${type}`,
    register(env) {
      env.registerInit({
        deps: { registry: searchIndexRegistryExtensionPoint },
        async init({ registry }) {
          registry.addCollator({
            schedule: {
              run: async task => {
                await task.fn(new AbortController().signal);
              },
            },
            factory: {
              type,
              getCollator: async () =>
                Readable.from(
                  titles.map(title => ({
                    title,
                    text: `${title} of the bookstore`,
                    location: `/catalog/default/component/${title}`,
                  })),
                ),
            },
          });
        },
      });
    },
  });

async function startSearch() {
  const { server } = await startTestBackend({
    features: [
      searchBackend,
      searchModuleLenientLunrEngine,
      collatorOf('software-catalog', ['payments-gateway', 'orders']),
      // TechDocs before any site was published: its collator finds nothing, Lunr makes no index.
      collatorOf('techdocs', []),
      mockServices.rootConfig.factory({
        data: { permission: { enabled: false } },
      }),
    ],
  });
  // The first collation is asynchronous after start-up: wait until the catalog is indexed.
  for (let found = 0; found === 0; ) {
    const res = await request(server).get(
      '/api/search/query?term=payments&types[0]=software-catalog',
    );
    found = res.status === 200 ? res.body.numberOfResults : 0;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  return server;
}

describe('searchModuleLenientLunrEngine', () => {
  it('answers a query for a type without an index with no results, not 500', async () => {
    const server = await startSearch();

    const res = await request(server).get(
      '/api/search/query?term=payments&types[0]=techdocs',
    );

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ results: [], numberOfResults: 0 });
  });

  it('searches the types that have an index as Lunr does', async () => {
    const server = await startSearch();

    const res = await request(server).get(
      '/api/search/query?term=orders&types[0]=software-catalog&types[1]=techdocs',
    );

    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({
        type: 'software-catalog',
        document: expect.objectContaining({ title: 'orders' }),
      }),
    ]);
  });
});
