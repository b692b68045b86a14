import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogBackend from '@backstage/plugin-catalog-backend';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { catalogModuleBookstoreLocalGit } from '../catalog/module';

/**
 * A real catalog backend with the local-git catalog module, publishing locally
 * to `directory`, and the catalog service a plugin of it gets (the client that
 * calls the catalog over HTTP), for the actions under test. The catalog rules
 * are the portal's for published repositories: Component and API.
 */
export async function startLocalGitCatalog(directory: string) {
  let catalog: CatalogService | undefined;
  const probe = createBackendPlugin({
    pluginId: 'probe',
    register(reg) {
      reg.registerInit({
        deps: { catalogService: catalogServiceRef },
        async init({ catalogService }) {
          catalog = catalogService;
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      catalogBackend,
      catalogModuleBookstoreLocalGit,
      probe,
      mockServices.rootConfig.factory({
        data: {
          bookstore: { publish: { target: 'local', local: { directory } } },
          catalog: {
            rules: [
              {
                allow: ['Component', 'API'],
                locations: [{ type: 'bookstore-local-git' }],
              },
            ],
          },
        },
      }),
    ],
  });
  return { backend, catalog: catalog! };
}

/** Writes a working copy's catalog-info.yaml, as bookstore:publish:local leaves it. */
export async function writeWorkingCopy(
  directory: string,
  repoName: string,
  catalogInfo: string,
) {
  await mkdir(join(directory, repoName), { recursive: true });
  await writeFile(join(directory, repoName, 'catalog-info.yaml'), catalogInfo);
}

/** A service's catalog-info.yaml. */
export function componentYaml(name: string) {
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec: { type: service, lifecycle: experimental, owner: team-orders }
`;
}

/** The entities of the catalog whose names are given, polled until all of them show or 30 s pass. */
export async function entitiesNamed(
  server: Server,
  names: string[],
): Promise<Entity[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await request(server)
      .get('/api/catalog/entities/by-query')
      .query({ limit: 100 })
      .set('Authorization', mockCredentials.user.header());
    const found = (response.body.items as Entity[]).filter(e =>
      names.includes(e.metadata.name),
    );
    if (found.length === names.length || Date.now() > deadline) {
      return found;
    }
    await new Promise(r => setTimeout(r, 200));
  }
}
