import {
  SchedulerService,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { ArgoCdApplicationEntityProvider } from '../providers/ArgoCdApplicationEntityProvider';

/** A log line the provider wrote. */
export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
}

/** An Argo CD instance as `argocd.appLocatorMethods` lists it. */
export type InstanceEntry = {
  name: string;
  url: string;
  token: string;
};

/** The `argocd` config section for these instances. */
export function argocdConfig(instances: InstanceEntry[]): JsonObject {
  return { appLocatorMethods: [{ type: 'config', instances }] };
}

/** A provider connected to a recording catalog, with its task run by hand. */
export interface ProviderHarness {
  provider: ArgoCdApplicationEntityProvider;
  mutations: EntityProviderMutation[];
  logs: LogLine[];
  /** Runs the scheduled full run, as the scheduler would. */
  runTask(): Promise<void>;
  /** Waits until `condition` holds (stream-driven changes are asynchronous). */
  until(condition: () => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a provider over the given instances, the catalog holding `components`. */
export async function startProvider(
  instances: InstanceEntry[],
  components: Entity[] = [],
  overrides: JsonObject = {},
): Promise<ProviderHarness> {
  const mutations: EntityProviderMutation[] = [];
  const logs: LogLine[] = [];
  let task: SchedulerServiceTaskInvocationDefinition | undefined;
  const runner: SchedulerServiceTaskRunner = {
    run: async definition => {
      task = definition;
    },
  };
  const scheduler = {
    createScheduledTaskRunner: () => runner,
  } as unknown as SchedulerService;
  const logger = mockServices.logger.mock();
  for (const level of ['error', 'warn', 'info', 'debug'] as const) {
    logger[level].mockImplementation(message => {
      logs.push({ level, message });
    });
  }
  logger.child.mockReturnValue(logger);
  const [provider] = ArgoCdApplicationEntityProvider.fromConfig(
    new ConfigReader({
      argocd: argocdConfig(instances),
      catalog: {
        providers: {
          argocdApplications: {
            fallbackOwner: 'group:default/platform-team',
            schedule: { frequency: { minutes: 30 }, timeout: { minutes: 1 } },
            ...overrides,
          },
        },
      },
    }),
    {
      logger,
      scheduler,
      catalog: catalogServiceMock({ entities: components }),
      auth: mockServices.auth(),
    },
  );
  await provider.connect({
    applyMutation: async mutation => {
      mutations.push(mutation);
    },
    refresh: async () => {},
  });
  return {
    provider,
    mutations,
    logs,
    runTask: async () => {
      await task!.fn(new AbortController().signal);
    },
    until: async (condition, timeoutMs = 5_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) {
          throw new Error('condition not met in time');
        }
        await new Promise(resolve => setTimeout(resolve, 20));
      }
    },
    stop: () => provider.stop(),
  };
}
