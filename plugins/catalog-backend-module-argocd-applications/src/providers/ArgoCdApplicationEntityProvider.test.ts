import { Entity } from '@backstage/catalog-model';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import {
  application,
  FakeArgoCd,
  startFakeArgoCd,
} from '../__testUtils__/fakeArgoCd';
import {
  ProviderHarness,
  startProvider,
} from '../__testUtils__/providerHarness';

const PROVIDER = 'argocd-application-provider:default';

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-payments',
    },
  };
}

function expected(
  instance: { name: string; url: string },
  app: string,
  options: {
    claimedBy?: string[];
    kubernetesId?: string;
    health?: string;
  } = {},
) {
  const location = `url:${instance.url}/applications/argocd/${app}`;
  return {
    locationKey: PROVIDER,
    entity: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: `${instance.name}-${app}`,
        title: app,
        description: `Argo CD Application argocd/${app} of instance ${instance.name}`,
        labels: {
          'argocd.bookstore.io/claimed': String(Boolean(options.claimedBy)),
        },
        annotations: {
          'backstage.io/managed-by-location': location,
          'backstage.io/managed-by-origin-location': location,
          'argocd.bookstore.io/provider': PROVIDER,
          'argocd/app-name': app,
          'argocd/instance-name': instance.name,
          ...(options.kubernetesId
            ? { 'backstage.io/kubernetes-id': options.kubernetesId }
            : {}),
        },
      },
      spec: {
        type: 'argocd-application',
        owner: options.claimedBy
          ? 'group:default/team-payments'
          : 'group:default/platform-team',
        ...(options.claimedBy ? { dependencyOf: options.claimedBy } : {}),
        argocd: {
          instance: instance.name,
          namespace: 'argocd',
          project: 'bookstore-platform',
          repoURL: `https://github.com/bookstore-platform/${app}.git`,
          destination: { name: 'us-east', namespace: `${app}-prod` },
          sync: 'Synced',
          health: options.health ?? 'Healthy',
        },
      },
    },
  };
}

describe('ArgoCdApplicationEntityProvider', () => {
  let east: FakeArgoCd;
  let west: FakeArgoCd;
  let harness: ProviderHarness | undefined;

  beforeEach(async () => {
    east = await startFakeArgoCd({
      token: 'east-token',
      applications: [
        application('payments', { kubernetesId: 'payments-gateway' }),
        application('search'),
      ],
    });
    west = await startFakeArgoCd({
      token: 'west-token',
      applications: [application('orders')],
    });
  });
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
    await Promise.all([east.close(), west.close()]);
  });

  const instances = () => [
    { name: 'east', url: east.url, token: 'east-token' },
    { name: 'west', url: west.url, token: 'west-token' },
  ];
  const components = [
    component('payments-gateway', {
      'backstage.io/kubernetes-id': 'payments-gateway',
    }),
    component('orders-api', {
      'argocd/app-name': 'orders',
      'argocd/instance-name': 'west',
    }),
    component('search-in-west', {
      'argocd/app-name': 'search',
      'argocd/instance-name': 'west',
    }),
  ];

  it('replaces its entities with every instance’s Applications, linked to the Components claiming them', async () => {
    harness = await startProvider(instances(), components, { stream: false });
    await harness.runTask();
    const e = { name: 'east', url: east.url };
    const w = { name: 'west', url: west.url };
    expect(harness.mutations).toEqual<EntityProviderMutation[]>([
      {
        type: 'full',
        entities: [
          expected(e, 'payments', {
            kubernetesId: 'payments-gateway',
            claimedBy: ['component:default/payments-gateway'],
          }),
          expected(e, 'search'),
          expected(w, 'orders', {
            claimedBy: ['component:default/orders-api'],
          }),
        ],
      },
    ]);
    expect(harness.logs.filter(l => l.level === 'info')).toEqual([
      {
        level: 'info',
        message: expect.stringMatching(
          /^Read 3 Argo CD Applications \(2 claimed by a Component, 1 unclaimed\) from 2 of 2 instances; full mutation in \d+ ms$/,
        ),
      },
    ]);
  });

  it('keeps a failing instance’s Applications in the next full run, and applies no full mutation while an instance never answered', async () => {
    harness = await startProvider(instances(), [], { stream: false });
    await harness.runTask();
    west.failWith(500);
    east.remove('search');
    await harness.runTask();
    const e = { name: 'east', url: east.url };
    const w = { name: 'west', url: west.url };
    expect(harness.mutations[1]).toEqual({
      type: 'full',
      entities: [
        expected(e, 'payments', { kubernetesId: 'payments-gateway' }),
        expected(w, 'orders'),
      ],
    });
    expect(harness.logs).toContainEqual({
      level: 'error',
      message:
        'Could not list the Applications of Argo CD instance west: ResponseError: Request failed with 500 Internal Server Error; keeping the 1 Applications last known from it',
    });
    expect(harness.logs).toContainEqual({
      level: 'info',
      message: expect.stringMatching(
        /^Read 2 Argo CD Applications \(0 claimed by a Component, 2 unclaimed\) from 1 of 2 instances, kept the last state of west; full mutation in \d+ ms$/,
      ),
    });

    const fresh = await startProvider(instances(), [], { stream: false });
    try {
      await fresh.runTask();
      expect(fresh.mutations).toEqual([
        {
          type: 'delta',
          added: [
            expected(e, 'payments', { kubernetesId: 'payments-gateway' }),
          ],
          removed: [],
        },
      ]);
      east.failWith(503);
      const none = await startProvider(instances(), [], { stream: false });
      try {
        await expect(none.runTask()).rejects.toThrow(
          "No Argo CD instance answered (east, west); the catalog keeps the provider's entities",
        );
        expect(none.mutations).toEqual([]);
      } finally {
        await none.stop();
      }
    } finally {
      await fresh.stop();
    }
  });

  it('applies streamed changes as deltas: a new Application, a change, a deletion', async () => {
    harness = await startProvider(instances().slice(0, 1));
    await harness.runTask();
    expect(harness.mutations).toHaveLength(1);
    const e = { name: 'east', url: east.url };
    await harness.until(() =>
      east.requests.includes('/api/v1/stream/applications'),
    );

    east.put(application('catalog', { kubernetesId: 'catalog-api' }));
    await harness.until(() => harness!.mutations.length === 2);
    expect(harness.mutations[1]).toEqual({
      type: 'delta',
      added: [expected(e, 'catalog', { kubernetesId: 'catalog-api' })],
      removed: [],
    });

    east.put(application('search', { health: 'Degraded' }));
    await harness.until(() => harness!.mutations.length === 3);
    expect(harness.mutations[2]).toEqual({
      type: 'delta',
      added: [expected(e, 'search', { health: 'Degraded' })],
      removed: [],
    });

    east.remove('payments');
    await harness.until(() => harness!.mutations.length === 4);
    expect(harness.mutations[3]).toEqual({
      type: 'delta',
      added: [],
      removed: [
        { entityRef: 'resource:default/east-payments', locationKey: PROVIDER },
      ],
    });
  });

  it('lists an instance again when its stream ends, removing what was deleted meanwhile', async () => {
    harness = await startProvider(instances().slice(0, 1));
    await harness.runTask();
    await harness.until(() =>
      east.requests.includes('/api/v1/stream/applications'),
    );
    east.failWith(502);
    east.remove('search');
    east.failWith(undefined);
    await harness.until(() => harness!.mutations.length === 2, 10_000);
    expect(harness.mutations[1]).toEqual({
      type: 'delta',
      added: [
        expected({ name: 'east', url: east.url }, 'payments', {
          kubernetesId: 'payments-gateway',
        }),
      ],
      removed: [
        { entityRef: 'resource:default/east-search', locationKey: PROVIDER },
      ],
    });
  });
});
