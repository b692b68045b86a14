import type {
  BackendFeature,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogBackend from '@backstage/plugin-catalog-backend';
import type { Server } from 'node:http';
import request from 'supertest';
import { argocdConfig, InstanceEntry } from './providerHarness';
import catalogModuleArgoCdApplications from '..';

/** The Argo CD Application entities the catalog API returns. */
export async function applicationEntities(server: Server): Promise<Entity[]> {
  const response = await request(server)
    .get('/api/catalog/entities/by-query')
    .query({
      filter: 'kind=resource,spec.type=argocd-application',
      limit: 1000,
    })
    .set('Authorization', mockCredentials.user.header());
  if (response.status !== 200) {
    throw new Error(`catalog answered ${response.status}`);
  }
  return response.body.items;
}

/** The Components the catalog API returns. */
export async function componentNames(server: Server): Promise<string[]> {
  const response = await request(server)
    .get('/api/catalog/entities/by-query')
    .query({ filter: 'kind=component' })
    .set('Authorization', mockCredentials.user.header());
  return (response.body.items as Entity[]).map(e => e.metadata.name);
}

/** Polls `read` every 20 ms until `done` holds, or fails after `timeoutMs`. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `condition not met in time; last read: ${JSON.stringify(value)}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

/**
 * What `mockServices.scheduler()` returns (a `MockSchedulerService`, whose
 * type the package does not export): tasks run by hand.
 */
interface MockScheduler extends SchedulerService {
  factory(): ServiceFactory<SchedulerService, 'plugin'>;
  triggerTask(id: string): Promise<void>;
  /** Settles with the next run of the task, rejecting with its error. */
  waitForTask(id: string): Promise<void>;
}

/** The scheduled full run of the default provider instance. */
export const REFRESH_TASK = 'argocd-application-provider:default:refresh';

/**
 * A catalog backend with this module over the given instances and catalog
 * locations (and `features`); the scheduler runs each task once at start, then when triggered.
 */
export async function startCatalogBackend(
  instances: InstanceEntry[],
  locations: Array<{ type: string; target: string }>,
  features: BackendFeature[] = [],
) {
  const scheduler = mockServices.scheduler() as MockScheduler;
  const backend = await startTestBackend({
    features: [
      catalogBackend,
      catalogModuleArgoCdApplications,
      scheduler.factory(),
      ...features,
      mockServices.rootConfig.factory({
        data: {
          argocd: argocdConfig(instances),
          catalog: {
            rules: [{ allow: ['Component', 'Location'] }],
            locations,
            processingInterval: { seconds: 1 },
            providers: {
              argocdApplications: {
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
  // The provider schedules its runs once the backend has started, after the mock scheduler's
  // start-up trigger: its first run is triggered here.
  await eventually(
    () => scheduler.getScheduledTasks(),
    tasks => tasks.some(task => task.id === REFRESH_TASK),
  );
  await scheduler.triggerTask(REFRESH_TASK);
  return { backend, scheduler };
}
