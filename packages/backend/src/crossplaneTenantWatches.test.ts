import { DatabaseManager } from '@backstage/backend-defaults/database';
import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';
import { RootLifecycleService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { CrossplaneTenantEntityProvider } from '@internal/plugin-catalog-backend-module-crossplane-tenants';
import {
  RealKubernetesApi,
  startRealKubernetesApi,
} from '@internal/plugin-bookstore-tenant-node/testUtils';
import { startPostgres, TestPostgres } from './__testUtils__/postgres';

jest.setTimeout(180_000);

const NAMESPACE = 'bookstore-tenants';
const CLAIMS = `/apis/platform.bookstore.io/v1alpha1/namespaces/${NAMESPACE}/bookstoretenants`;
/** The watch task's lock in this test: long enough that no hand-over falls among the changes. */
const LEASE_SECONDS = 60;

type EntityProviderConnection = Parameters<
  CrossplaneTenantEntityProvider['connect']
>[0];
type EntityProviderMutation = Parameters<
  EntityProviderConnection['applyMutation']
>[0];

/** The scheduler's metrics, unread here. */
const noMetrics = {
  createCounter: () => ({ add: () => {} }),
  createUpDownCounter: () => ({ add: () => {} }),
  createHistogram: () => ({ record: () => {} }),
  createGauge: () => ({ record: () => {} }),
  createObservableCounter: () => ({ addCallback: () => {} }),
  createObservableUpDownCounter: () => ({ addCallback: () => {} }),
  createObservableGauge: () => ({ addCallback: () => {} }),
} as unknown as Parameters<typeof DefaultSchedulerService.create>[0]['metrics'];

const sleep = (ms: number) => new Promise(done => setTimeout(done, ms));

async function until<T>(
  what: string,
  read: () => Promise<T> | T,
  ok: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: still ${JSON.stringify(value)}`);
    }
    await sleep(100);
  }
}

/** One replica: its own database pool and scheduler on the shared PostgreSQL, its own provider. */
interface Replica {
  name: string;
  provider: CrossplaneTenantEntityProvider;
  mutations: EntityProviderMutation[];
  /** Where the mutations of the changes under test begin. */
  mark: number;
  /** Stops it as a backend's shutdown does. */
  stop(): Promise<void>;
}

async function startReplica(
  name: string,
  postgres: TestPostgres,
  api: RealKubernetesApi,
  token: string,
): Promise<Replica> {
  const shutdownHooks: Array<() => void | Promise<void>> = [];
  const rootLifecycle = {
    addStartupHook: () => {},
    addBeforeShutdownHook: () => {},
    addShutdownHook: (hook: () => void | Promise<void>) =>
      void shutdownHooks.push(hook),
  } as unknown as RootLifecycleService;
  const logger = mockServices.logger.mock();
  const config = new ConfigReader({
    backend: {
      database: { client: 'pg', connection: postgres.connection },
    },
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'us-east',
              url: api.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: token,
              caData: api.caData,
            },
          ],
        },
      ],
    },
    catalog: {
      providers: {
        crossplaneTenants: {
          fallbackOwner: 'group:default/platform-team',
          schedule: { frequency: { minutes: 30 }, timeout: { minutes: 3 } },
          composites: false,
          watchLease: { seconds: LEASE_SECONDS },
        },
      },
    },
  });
  const database = DatabaseManager.fromConfig(config, {
    rootLifecycle,
  }).forPlugin('catalog', { logger, lifecycle: rootLifecycle });
  const scheduler = DefaultSchedulerService.create({
    database,
    logger,
    metrics: noMetrics,
    rootLifecycle,
    httpRouter: { use: () => {}, addAuthPolicy: () => {} },
    pluginMetadata: { getId: () => 'catalog' },
  });
  const [provider] = CrossplaneTenantEntityProvider.fromConfig(config, {
    logger,
    scheduler,
  });
  const mutations: EntityProviderMutation[] = [];
  const connection: EntityProviderConnection = {
    applyMutation: async mutation => void mutations.push(mutation),
    refresh: async () => {},
  };
  await provider.connect(connection);
  return {
    name,
    provider,
    mutations,
    mark: 0,
    async stop() {
      // In a backend's order: the plugins' shutdown (the catalog module stops its
      // providers), then the root's (the scheduler's workers end, the database pools close).
      await provider.stop();
      await Promise.all(shutdownHooks.map(hook => hook()));
    },
  };
}

/** The watches of claims open at the API server, from its own gauge. */
async function openClaimWatches(api: RealKubernetesApi): Promise<number> {
  const { body } = await api.request('GET', '/metrics');
  return String(body)
    .split('\n')
    .filter(
      line =>
        line.startsWith('apiserver_longrunning_requests{') &&
        line.includes('resource="bookstoretenants"') &&
        line.includes('verb="WATCH"'),
    )
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

function claim(name: string, tier: string) {
  return {
    apiVersion: 'platform.bookstore.io/v1alpha1',
    kind: 'BookstoreTenant',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      parameters: { owner: 'team-orders', tier, regions: ['us-east'] },
      resourceRef: {
        apiVersion: 'platform.bookstore.io/v1alpha1',
        kind: 'XBookstoreTenant',
        name: `${name}-x1`,
      },
    },
  };
}

/** The tier each delta of a replica since `from` wrote for the claim's entity, or `removed`. */
function writesOf(replica: Replica, name: string, from = replica.mark) {
  return replica.mutations
    .slice(from)
    .flatMap(mutation =>
      mutation.type === 'delta'
        ? [
            ...mutation.added
              .filter(d => d.entity.metadata.name === name)
              .map(d => `${(d.entity.spec as any)?.tenant?.tier}`),
            ...mutation.removed
              .filter(
                r =>
                  'entityRef' in r &&
                  r.entityRef === `resource:default/${name}`,
              )
              .map(() => 'removed'),
          ]
        : [],
    );
}

/**
 * Issue 17, item 1: two replicas on one PostgreSQL against a real API server.
 * Only the replica running the provider's watch task (a global scheduled task,
 * its lock held for `watchLease`) watches; each claim change reaches the
 * catalog once; when that replica stops, the other opens its watches.
 */
describe('the Crossplane tenant provider on two replicas', () => {
  let postgres: TestPostgres;
  let api: RealKubernetesApi;
  let token: string;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    [postgres, api] = await Promise.all([
      startPostgres(),
      startRealKubernetesApi(),
    ]);
    await api.installTenantCrds();
    await api.createNamespace(NAMESPACE);
    ({ token } = await api.createTenantReader());
  });
  afterAll(async () => {
    await Promise.all(replicas.map(r => r.stop()));
    await api?.stop();
    await postgres?.stop();
  });

  it('watches on one replica at a time, applies each change once, and hands the watches over when it stops', async () => {
    await api.put(`${CLAIMS}/acme-books`, claim('acme-books', 'standard'));
    replicas.push(
      await startReplica('a', postgres, api, token),
      await startReplica('b', postgres, api, token),
    );
    const watching = () =>
      replicas.filter(r => r.provider.getClusterStatus().some(s => s.watching));
    const [holder] = await until(
      'a replica watching',
      watching,
      w => w.length === 1,
    );
    await until(
      'one watch at the API server',
      () => openClaimWatches(api),
      n => n === 1,
    );
    await until(
      'the first full run',
      () => replicas.flatMap(r => r.mutations).filter(m => m.type === 'full'),
      full => full.length === 1,
    );
    await sleep(500);
    for (const replica of replicas) {
      replica.mark = replica.mutations.length;
    }

    // Changes while one replica holds the watches: each written once, by it alone.
    const changes: Array<[string, () => Promise<unknown>, string]> = [
      [
        'river-books',
        () =>
          api.put(`${CLAIMS}/river-books`, claim('river-books', 'standard')),
        'standard',
      ],
      [
        'river-books',
        () => api.put(`${CLAIMS}/river-books`, claim('river-books', 'premium')),
        'premium',
      ],
      [
        'acme-books',
        () => api.put(`${CLAIMS}/acme-books`, claim('acme-books', 'premium')),
        'premium',
      ],
      ['river-books', () => api.remove(`${CLAIMS}/river-books`), 'removed'],
    ];
    const expected = new Map<string, string[]>();
    for (const [name, change, written] of changes) {
      await change();
      expected.set(name, [...(expected.get(name) ?? []), written]);
      await until(
        `${name} ${written}`,
        () => writesOf(holder, name),
        w => w.length === expected.get(name)!.length,
      );
      expect(watching()).toEqual([holder]);
      expect(await openClaimWatches(api)).toBe(1);
    }
    await sleep(1000);
    for (const [name, written] of expected) {
      const byReplica = replicas.map(r => writesOf(r, name));
      expect(byReplica).toEqual(
        replicas.map(r => (r === holder ? written : [])),
      );
    }

    // The holder stops (a rolling update): the other replica takes the watches over.
    const other = replicas.find(r => r !== holder)!;
    const stopped = Date.now();
    await holder.stop();
    replicas.splice(replicas.indexOf(holder), 1);
    await until('the other replica watching', watching, w => w[0] === other);
    const takeoverMs = Date.now() - stopped;
    await until(
      'one watch at the API server',
      () => openClaimWatches(api),
      n => n === 1,
    );
    // eslint-disable-next-line no-console
    console.log(`watches taken over ${takeoverMs} ms after the holder stopped`);
    await api.put(`${CLAIMS}/fresh-books`, claim('fresh-books', 'standard'));
    await until(
      'fresh-books by the new holder',
      () => writesOf(other, 'fresh-books'),
      w => w.length === 1,
    );
    expect(takeoverMs).toBeLessThan(10_000);
  });
});
