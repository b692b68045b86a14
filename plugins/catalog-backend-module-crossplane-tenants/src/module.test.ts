import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import catalogBackend from '@backstage/plugin-catalog-backend';
import {
  FakeKubernetesApi,
  startFakeKubernetesApi,
} from '@internal/plugin-bookstore-tenant-node/testUtils';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  claimPath,
  kubernetesConfig,
  putClaims,
} from './__testUtils__/tenants';
import catalogModuleCrossplaneTenants from '.';

jest.setTimeout(60_000);

async function tenants(server: Server): Promise<Entity[]> {
  const response = await request(server)
    .get('/api/catalog/entities/by-query')
    .query({ filter: 'kind=resource,spec.type=bookstore-tenant', limit: 100 })
    .set('Authorization', mockCredentials.user.header());
  expect(response.status).toBe(200);
  return response.body.items;
}

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) {
      return value;
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

describe('catalogModuleCrossplaneTenants in a catalog backend', () => {
  let east: FakeKubernetesApi;
  let west: FakeKubernetesApi;
  let dir: string;

  beforeAll(async () => {
    east = await startFakeKubernetesApi({ token: 'east-token' });
    west = await startFakeKubernetesApi({ token: 'west-token' });
    dir = mkdtempSync(join(tmpdir(), 'crossplane-tenants-'));
    writeFileSync(
      join(dir, 'components.yaml'),
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders
  annotations:
    platform.bookstore.io/tenant: acme-books
spec:
  type: service
  lifecycle: production
  owner: team-payments
`,
    );
  });
  afterAll(async () => {
    await Promise.all([east.close(), west.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('contacts no cluster and writes nothing while the backend starts, nor after its start failed', async () => {
    putClaims(east, ['acme-books'], { team: 'team-payments' });
    east.requests.length = 0;
    // Another plugin whose init fails after the catalog (and this module) have initialised.
    const failing = createBackendPlugin({
      pluginId: 'failing',
      register(env) {
        env.registerInit({
          deps: {},
          async init() {
            await new Promise(resolve => setTimeout(resolve, 3000));
            throw new Error('the failing plugin could not start');
          },
        });
      },
    });
    await expect(
      startTestBackend({
        features: [
          catalogBackend,
          catalogModuleCrossplaneTenants,
          schedulerServiceFactory,
          failing,
          mockServices.rootConfig.factory({
            data: {
              kubernetes: kubernetesConfig([
                { name: 'us-east', url: east.url, token: 'east-token' },
              ]),
              catalog: {
                providers: {
                  crossplaneTenants: {
                    fallbackOwner: 'group:default/platform-team',
                    schedule: {
                      frequency: { seconds: 1 },
                      timeout: { minutes: 1 },
                    },
                  },
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow('the failing plugin could not start');
    await new Promise(resolve => setTimeout(resolve, 2000));
    expect(east.requests).toEqual([]);
  });

  it('serves the tenants of every cluster over the catalog API, linked to their Components, and keeps up by watching', async () => {
    putClaims(east, ['acme-books'], { team: 'team-payments' });
    putClaims(west, ['acme-books'], {
      team: 'team-payments',
      ready: 'False',
      message: 'Unready resources: quota',
    });
    putClaims(west, ['river-books'], { owner: 'team-search' });

    const backend = await startTestBackend({
      features: [
        catalogBackend,
        catalogModuleCrossplaneTenants,
        // The real scheduler: the mock one awaits every task at start-up, and
        // the watch task runs for as long as this replica holds the watches.
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: kubernetesConfig([
              { name: 'us-east', url: east.url, token: 'east-token' },
              { name: 'eu-west', url: west.url, token: 'west-token' },
            ]),
            catalog: {
              rules: [{ allow: ['Component', 'Resource', 'Location'] }],
              locations: [
                { type: 'file', target: join(dir, 'components.yaml') },
              ],
              providers: {
                crossplaneTenants: {
                  fallbackOwner: 'group:default/platform-team',
                  schedule: {
                    frequency: { minutes: 30 },
                    timeout: { minutes: 1 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    const { server } = backend;
    try {
      const listed = await eventually(
        () => tenants(server),
        items =>
          items.length === 2 &&
          items.some(e => e.relations?.some(r => r.type === 'dependencyOf')),
      );
      const acme = listed.find(e => e.metadata.name === 'acme-books')!;
      expect(acme.spec).toMatchObject({
        type: 'bookstore-tenant',
        owner: 'group:default/team-payments',
        tenant: {
          clusters: [
            { cluster: 'us-east', ready: 'True' },
            {
              cluster: 'eu-west',
              ready: 'False',
              conditions: expect.arrayContaining([
                expect.objectContaining({
                  message: 'Unready resources: quota',
                }),
              ]),
            },
          ],
        },
      });
      expect(acme.relations).toEqual(
        expect.arrayContaining([
          { type: 'ownedBy', targetRef: 'group:default/team-payments' },
          { type: 'dependencyOf', targetRef: 'component:default/orders' },
        ]),
      );
      expect(
        listed.find(e => e.metadata.name === 'river-books')?.spec?.owner,
      ).toBe('group:default/team-search');

      // A watch event reaches the catalog API without waiting for the next full run.
      putClaims(east, ['fresh-books']);
      west.remove(claimPath('river-books'));
      const watched = await eventually(
        () => tenants(server),
        items =>
          items
            .map(e => e.metadata.name)
            .sort()
            .join() === 'acme-books,fresh-books',
      );
      expect(watched.map(e => e.metadata.name).sort()).toEqual([
        'acme-books',
        'fresh-books',
      ]);
    } finally {
      await backend.stop();
    }
  });
});
