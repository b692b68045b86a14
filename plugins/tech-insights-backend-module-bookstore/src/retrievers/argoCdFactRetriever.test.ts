import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { FactRetrieverContext } from '@backstage-community/plugin-tech-insights-node';
import { ArgoCdClient } from '@internal/plugin-catalog-backend-module-argocd-applications';
import { FakeArgoCd, startFakeArgoCd } from '../__testUtils__/fakeArgoCd';
import { createArgoCdFactRetriever } from './argoCdFactRetriever';

const TOKEN = 'token';
const NOW = new Date('2026-12-01T00:00:00Z');

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
  };
}

describe('createArgoCdFactRetriever', () => {
  let east: FakeArgoCd;
  let west: FakeArgoCd;
  const logger = mockServices.logger.mock();

  beforeEach(async () => {
    east = await startFakeArgoCd({ token: TOKEN, applications: [] });
    west = await startFakeArgoCd({
      token: TOKEN,
      applications: [
        {
          application: {
            metadata: { name: 'orders-west' },
            status: {
              sync: { status: 'Synced' },
              health: { status: 'Progressing' },
              operationState: { finishedAt: '2026-11-30T00:00:00Z' },
            },
          },
          manifests: [],
        },
      ],
    });
  });
  afterEach(async () => {
    await east.close();
    await west.close();
  });

  async function run(entities: Entity[]) {
    const retriever = createArgoCdFactRetriever({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      clients: [
        new ArgoCdClient(
          { name: 'east', url: east.url, auth: { token: TOKEN } },
          5000,
        ),
        new ArgoCdClient(
          { name: 'west', url: west.url, auth: { token: TOKEN } },
          5000,
        ),
      ],
      now: () => NOW,
    });
    const facts = await retriever.handler({
      logger,
    } as unknown as FactRetrieverContext);
    return Object.fromEntries(facts.map(f => [f.entity.name, f.facts]));
  }

  const entities = [
    component('orders', { 'argocd/app-name': 'orders-west' }),
    component('pinned', {
      'argocd/app-name': 'orders-west',
      'argocd/instance-name': 'east',
    }),
    component('scripts', {}),
  ];

  it('finds the Application on the first instance that has it, or on the one named', async () => {
    expect(await run(entities)).toEqual({
      orders: {
        hasArgoCdApplication: true,
        argocdSynced: true,
        argocdHealthy: false,
        argocdDaysSinceDeploy: 1,
        argocdFirstDeployedAt: null,
        hasHealthCheck: false,
      },
      pinned: expect.objectContaining({ hasArgoCdApplication: false }),
      scripts: expect.objectContaining({ hasArgoCdApplication: false }),
    });
    expect(east.requests).toEqual([
      '/api/v1/applications/orders-west',
      '/api/v1/applications/orders-west',
    ]);
  });

  it('gives no facts to the Components of a failing instance, asks it once, and names it', async () => {
    east.failWith(503);
    expect(Object.keys(await run(entities))).toEqual(['orders', 'scripts']);
    expect(east.requests).toEqual(['/api/v1/applications/orders-west']);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Argo CD instance east failed, its Components keep their last facts: .*503/,
      ),
    );
  });
});
