import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { JsonObject } from '@backstage/types';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CrossplaneTenantEntityProvider } from '../providers/CrossplaneTenantEntityProvider';
import { FakeCluster, kubernetesConfig } from './tenants';

/** A log line the provider wrote. */
export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
}

/** A logger that keeps what it is told. */
export function recordingLogger(lines: LogLine[]): LoggerService {
  const logger: LoggerService = {
    error: message => void lines.push({ level: 'error', message }),
    warn: message => void lines.push({ level: 'warn', message }),
    info: message => void lines.push({ level: 'info', message }),
    debug: message => void lines.push({ level: 'debug', message }),
    child: () => logger,
  };
  return logger;
}

/** A provider connected to a recording catalog, with its task run by hand. */
export interface ProviderHarness {
  provider: CrossplaneTenantEntityProvider;
  mutations: EntityProviderMutation[];
  logs: LogLine[];
  /** Runs the scheduled full run, as the scheduler would (the first also starts the watch task). */
  runTask(): Promise<void>;
  /** What the catalog holds for the provider after every mutation so far. */
  entities(): Map<string, Entity>;
  /** The catalog refuses the next `count` mutations (they throw and hold nothing). */
  rejectMutations(count: number): void;
  /** Waits until `condition` holds (watch-driven changes are asynchronous). */
  until(condition: () => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** What a provider reads besides its config. */
export interface ProviderHarnessOptions {
  /** What the catalog holds at start: the provider reads its own entities back from it. */
  catalogEntities?: Entity[];
  /** The first retry of a cluster whose list failed. */
  clusterRetryMs?: number;
}

/** Starts a provider over the given clusters, with provider config overrides. */
export async function startProvider(
  clusters: FakeCluster[],
  overrides: JsonObject = {},
  options: ProviderHarnessOptions = {},
): Promise<ProviderHarness> {
  const mutations: EntityProviderMutation[] = [];
  const logs: LogLine[] = [];
  const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
  const runner: SchedulerServiceTaskRunner = {
    run: async definition => {
      tasks.set(definition.id.split(':').pop()!, definition);
    },
  };
  // This replica holds the watch task from the first full run on.
  const watchLease = new AbortController();
  let leased = false;
  const scheduler = {
    createScheduledTaskRunner: () => runner,
    // The runs are by hand (runTask): the provider's trigger at start-up only asks for one.
    triggerTask: async () => {},
  } as unknown as SchedulerService;
  const config = new ConfigReader({
    kubernetes: kubernetesConfig(clusters),
    catalog: {
      providers: {
        crossplaneTenants: {
          default: {
            fallbackOwner: 'group:default/platform-team',
            schedule: { frequency: { minutes: 30 }, timeout: { minutes: 3 } },
            requestTimeoutMs: 1000,
            ...overrides,
          },
        },
      },
    },
  });
  const [provider] = CrossplaneTenantEntityProvider.fromConfig(config, {
    logger: recordingLogger(logs),
    scheduler,
    clusterRetryMs: options.clusterRetryMs,
    ...(options.catalogEntities
      ? {
          catalog: catalogServiceMock({ entities: options.catalogEntities }),
          auth: mockServices.auth(),
        }
      : {}),
  });
  let rejections = 0;
  const connection: EntityProviderConnection = {
    applyMutation: async mutation => {
      if (rejections > 0) {
        rejections--;
        throw new Error('the catalog is unavailable');
      }
      mutations.push(mutation);
    },
    refresh: async () => {},
  };
  await provider.connect(connection);
  const entities = () => {
    const held = new Map<string, Entity>();
    const refOf = (e: Entity) => `resource:default/${e.metadata.name}`;
    for (const mutation of mutations) {
      if (mutation.type === 'full') {
        held.clear();
        mutation.entities.forEach(d => held.set(refOf(d.entity), d.entity));
      } else {
        mutation.removed.forEach(r =>
          held.delete('entityRef' in r ? r.entityRef : refOf(r.entity)),
        );
        mutation.added.forEach(d => held.set(refOf(d.entity), d.entity));
      }
    }
    return held;
  };
  return {
    provider,
    mutations,
    logs,
    runTask: async () => {
      const task = tasks.get('refresh');
      if (!task) {
        throw new Error('the provider scheduled no task');
      }
      const watch = tasks.get('watch');
      if (watch && !leased) {
        leased = true;
        watch.fn(watchLease.signal as any);
      }
      await task.fn(new AbortController().signal as any);
    },
    entities,
    rejectMutations(count) {
      rejections = count;
    },
    async until(condition, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!condition() && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 20));
      }
      if (!condition()) {
        throw new Error(
          `condition not met within ${timeoutMs} ms; entities: ${[
            ...entities().keys(),
          ].join(', ')}`,
        );
      }
    },
    stop: () => {
      watchLease.abort();
      return provider.stop();
    },
  };
}
