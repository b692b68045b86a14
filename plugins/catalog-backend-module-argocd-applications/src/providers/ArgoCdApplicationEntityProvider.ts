import {
  AuthService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ServiceUnavailableError, stringifyError } from '@backstage/errors';
import {
  CatalogService,
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { metrics, ObservableResult } from '@opentelemetry/api';
import {
  ArgoCdApplication,
  ArgoCdClient,
  ArgoCdInstance,
  ApplicationEvent,
} from '../lib/ArgoCdClient';
import {
  applicationEntity,
  applicationEntityName,
  claimsOf,
  CLAIMED_LABEL,
  ClaimIndex,
  indexClaims,
} from '../mapping/applicationEntity';
import {
  ArgoCdApplicationProviderConfig,
  readProviderConfigs,
} from './ArgoCdApplicationEntityProviderConfig';

const meter = metrics.getMeter('bookstore-portal');
const instanceUp = meter.createObservableGauge(
  'catalog_argocd_applications_instance_up',
  {
    description:
      'Whether the Argo CD Application provider could list the instance on its last attempt (1) or not (0)',
  },
);
const applicationCount = meter.createObservableGauge(
  'catalog_argocd_applications_count',
  {
    description:
      'The Applications the Argo CD Application provider holds per instance, by claimed (true/false)',
  },
);
const instanceFailures = meter.createCounter(
  'catalog_argocd_applications_instance_failures_total',
  {
    description:
      'Failed list or stream requests of the Argo CD Application provider, by instance',
  },
);

const STREAM_RETRY_MS = 1_000;
const STREAM_RETRY_MAX_MS = 60_000;
const STREAM_HEALTHY_MS = 30_000;

/** What the provider keeps of one Argo CD instance. */
interface InstanceState {
  client: ArgoCdClient;
  /** The Applications last seen, by `<namespace>/<name>`; undefined until one list succeeded. */
  applications?: Map<string, ArgoCdApplication>;
  /** The resourceVersion of the last list, where the stream starts. */
  resourceVersion?: string;
  up?: boolean;
  streaming: boolean;
}

/** What the provider reads besides its config. */
export interface ArgoCdApplicationProviderDeps {
  logger: LoggerService;
  scheduler: SchedulerService;
  catalog: CatalogService;
  auth: AuthService;
  /**
   * Resolves once the backend has started: nothing is read or written before
   * (a backend whose start fails writes nothing). Default: at connect.
   */
  backendStarted?: Promise<void>;
}

const keyOf = (application: ArgoCdApplication) =>
  `${application.metadata.namespace ?? 'argocd'}/${application.metadata.name}`;

/**
 * Turns every Application of the configured Argo CD instances into a
 * `Resource` entity: a full run lists every instance and replaces the
 * provider's entities; `/api/v1/stream/applications` keeps them fresh with
 * delta mutations in between. An instance that fails keeps the Applications it
 * last listed.
 */
export class ArgoCdApplicationEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private claims: ClaimIndex = indexClaims([]);
  private readonly instances: Map<string, InstanceState>;
  private readonly abort = new AbortController();
  /** Whether the backend has started: no run does anything before. */
  private started = false;
  /** A run came before the backend had started: it is triggered again once it has. */
  private skippedBeforeStart = false;
  private mutations: Promise<void> = Promise.resolve();
  private readonly observeUp = (result: ObservableResult) => {
    for (const [name, state] of this.instances) {
      if (state.up !== undefined) {
        result.observe(state.up ? 1 : 0, this.attributes(name));
      }
    }
  };
  private readonly observeCount = (result: ObservableResult) => {
    for (const [name, state] of this.instances) {
      const apps = [...(state.applications?.values() ?? [])];
      const claimed = apps.filter(
        a => claimsOf(this.claims, name, a).length > 0,
      ).length;
      if (state.applications) {
        result.observe(claimed, { ...this.attributes(name), claimed: 'true' });
        result.observe(apps.length - claimed, {
          ...this.attributes(name),
          claimed: 'false',
        });
      }
    }
  };

  /** One provider per instance of `catalog.providers.argocdApplications`; none without it. */
  static fromConfig(
    config: Config,
    deps: ArgoCdApplicationProviderDeps,
  ): ArgoCdApplicationEntityProvider[] {
    return readProviderConfigs(config).map(
      providerConfig =>
        new ArgoCdApplicationEntityProvider(
          providerConfig,
          deps,
          deps.scheduler.createScheduledTaskRunner(providerConfig.schedule),
        ),
    );
  }

  private readonly logger: LoggerService;

  private constructor(
    private readonly config: ArgoCdApplicationProviderConfig,
    private readonly deps: ArgoCdApplicationProviderDeps,
    private readonly taskRunner: SchedulerServiceTaskRunner,
  ) {
    this.logger = deps.logger.child({ target: this.getProviderName() });
    this.instances = new Map(
      config.instances.map((instance: ArgoCdInstance) => [
        instance.name,
        {
          client: new ArgoCdClient(instance, config.requestTimeoutMs),
          streaming: false,
        },
      ]),
    );
    instanceUp.addCallback(this.observeUp);
    applicationCount.addCallback(this.observeCount);
  }

  getProviderName(): string {
    return `argocd-application-provider:${this.config.id}`;
  }

  /**
   * Schedules the full runs, during the catalog's start-up: a scheduler that
   * cannot start (e.g. its database migrations raced another replica's) fails
   * the start and the replica is restarted, instead of running on without this
   * provider's runs. Runs before the backend has started do nothing; a run
   * skipped so is triggered again once it has.
   */
  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    const refreshTask = `${this.getProviderName()}:refresh`;
    await this.taskRunner.run({
      id: refreshTask,
      fn: async () => {
        if (this.started) {
          await this.refresh();
        } else {
          this.skippedBeforeStart = true;
        }
      },
    });
    (this.deps.backendStarted ?? Promise.resolve())
      .then(async () => {
        if (this.abort.signal.aborted) {
          return;
        }
        this.started = true;
        if (this.skippedBeforeStart) {
          await this.deps.scheduler.triggerTask(refreshTask);
        }
      })
      .catch(error =>
        this.logger.warn(
          `The first full run of ${this.getProviderName()} was not triggered at start-up; it runs on its schedule`,
          error,
        ),
      );
  }

  /** Stops the streams; mutations under way finish. */
  async stop(): Promise<void> {
    this.abort.abort();
    instanceUp.removeCallback(this.observeUp);
    applicationCount.removeCallback(this.observeCount);
    await this.mutations;
  }

  /**
   * A full run: reads the claiming Components, lists every instance, and
   * replaces the provider's entities in one `full` mutation. A failing
   * instance keeps what it last listed; while one has never answered, the
   * answered ones are applied as a `delta` (nothing is removed).
   */
  async refresh(): Promise<void> {
    const connection = this.connection;
    if (!connection) {
      throw new ServiceUnavailableError(
        `${this.getProviderName()} is not connected`,
      );
    }
    const started = Date.now();
    this.claims = await this.readClaims();
    const failed: string[] = [];
    await Promise.all(
      [...this.instances.keys()].map(async name => {
        try {
          await this.list(name);
        } catch (error) {
          failed.push(name);
          this.failed(name, 'list', error);
        }
      }),
    );
    const unknown = [...this.instances.entries()]
      .filter(([, state]) => !state.applications)
      .map(([name]) => name);
    if (unknown.length === this.instances.size) {
      throw new ServiceUnavailableError(
        `No Argo CD instance answered (${unknown.join(
          ', ',
        )}); the catalog keeps the provider's entities`,
      );
    }
    const entities = this.entities();
    const full = unknown.length === 0;
    await this.mutate(() =>
      full
        ? { type: 'full', entities }
        : { type: 'delta', added: entities, removed: [] },
    );
    const claimed = entities.filter(
      e => e.entity.metadata.labels?.[CLAIMED_LABEL] === 'true',
    ).length;
    this.logger.info(
      `Read ${
        entities.length
      } Argo CD Applications (${claimed} claimed by a Component, ${
        entities.length - claimed
      } unclaimed) from ${this.instances.size - failed.length} of ${
        this.instances.size
      } instances${
        failed.length ? `, kept the last state of ${failed.join(', ')}` : ''
      }; ${full ? 'full' : 'delta'} mutation in ${Date.now() - started} ms`,
    );
    for (const name of this.instances.keys()) {
      if (!failed.includes(name)) {
        this.startStream(name);
      }
    }
  }

  private attributes(instance: string) {
    return { provider: this.getProviderName(), instance };
  }

  private async readClaims(): Promise<ClaimIndex> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: { kind: 'Component' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'spec.owner',
        ],
      },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    return indexClaims(items);
  }

  private async list(name: string): Promise<void> {
    const state = this.instances.get(name)!;
    const { items, resourceVersion } = await state.client.listApplications();
    state.applications = new Map(items.map(a => [keyOf(a), a]));
    state.resourceVersion = resourceVersion;
    state.up = true;
  }

  private failed(name: string, operation: string, error: unknown) {
    const state = this.instances.get(name)!;
    state.up = false;
    instanceFailures.add(1, { ...this.attributes(name), operation });
    this.logger.error(
      `Could not ${operation} the Applications of Argo CD instance ${name}: ${stringifyError(
        error,
      )}; keeping the ${
        state.applications?.size ?? 0
      } Applications last known from it`,
    );
  }

  /** Every instance's entities, each name once (the first instance in config order wins). */
  private entities(): DeferredEntity[] {
    const byName = new Map<string, DeferredEntity>();
    for (const name of this.instances.keys()) {
      for (const application of this.instances
        .get(name)!
        .applications?.values() ?? []) {
        const deferred = this.deferred(name, application);
        if (!deferred) {
          continue;
        }
        const entityName = deferred.entity.metadata.name;
        if (byName.has(entityName)) {
          this.logger.warn(
            `Argo CD Application ${keyOf(
              application,
            )} of instance ${name} has the entity name ${entityName} of another Application; skipped`,
          );
          continue;
        }
        byName.set(entityName, deferred);
      }
    }
    return [...byName.values()];
  }

  private deferred(
    instance: string,
    application: ArgoCdApplication,
  ): DeferredEntity | undefined {
    const name = applicationEntityName(instance, application);
    if (!name) {
      this.logger.warn(
        `Argo CD Application ${keyOf(
          application,
        )} of instance ${instance}: '${instance}-${
          application.metadata.name
        }' is no valid entity name; skipped`,
      );
      return undefined;
    }
    const state = this.instances.get(instance)!;
    return {
      locationKey: this.getProviderName(),
      entity: applicationEntity(name, application, {
        provider: this.getProviderName(),
        instance: { name: instance, url: state.client.instance.url },
        fallbackOwner: this.config.fallbackOwner,
        claims: claimsOf(this.claims, instance, application),
      }),
    };
  }

  /** Applies mutations one after the other, in the order they were asked for. */
  private mutate(build: () => EntityProviderMutation): Promise<void> {
    const next = this.mutations.then(() =>
      this.connection!.applyMutation(build()),
    );
    this.mutations = next.catch(error =>
      this.logger.error(
        `The catalog refused a mutation: ${stringifyError(error)}`,
      ),
    );
    return next;
  }

  private onEvent(instance: string, event: ApplicationEvent) {
    const applications = this.instances.get(instance)!.applications!;
    const key = keyOf(event.application);
    if (event.type === 'DELETED') {
      const gone = applications.get(key) ?? event.application;
      applications.delete(key);
      const name = applicationEntityName(instance, gone);
      if (name) {
        this.mutate(() => ({
          type: 'delta',
          added: [],
          removed: [
            {
              entityRef: `resource:default/${name}`,
              locationKey: this.getProviderName(),
            },
          ],
        })).catch(() => undefined);
      }
      return;
    }
    applications.set(key, event.application);
    const deferred = this.deferred(instance, event.application);
    if (deferred) {
      this.mutate(() => ({
        type: 'delta',
        added: [deferred],
        removed: [],
      })).catch(() => undefined);
    }
  }

  /**
   * Lists an instance again after its stream broke and applies what changed
   * meanwhile as a delta (removed Applications included).
   */
  private async resync(name: string): Promise<void> {
    const state = this.instances.get(name)!;
    const before = [...(state.applications?.values() ?? [])];
    await this.list(name);
    const removed = before
      .filter(a => !state.applications!.has(keyOf(a)))
      .map(a => applicationEntityName(name, a))
      .filter((n): n is string => Boolean(n))
      .map(n => ({
        entityRef: `resource:default/${n}`,
        locationKey: this.getProviderName(),
      }));
    const added = [...state.applications!.values()]
      .map(a => this.deferred(name, a))
      .filter((d): d is DeferredEntity => Boolean(d));
    await this.mutate(() => ({ type: 'delta', added, removed }));
  }

  private startStream(name: string) {
    const state = this.instances.get(name)!;
    if (!this.config.stream || state.streaming || this.abort.signal.aborted) {
      return;
    }
    state.streaming = true;
    this.streamLoop(name, state).finally(() => {
      state.streaming = false;
    });
  }

  private async streamLoop(name: string, state: InstanceState) {
    const signal = this.abort.signal;
    let retryMs = STREAM_RETRY_MS;
    let needsResync = false;
    while (!signal.aborted) {
      if (needsResync) {
        try {
          await this.resync(name);
          needsResync = false;
        } catch (error) {
          this.failed(name, 'list', error);
          await sleep(retryMs, signal);
          retryMs = Math.min(retryMs * 2, STREAM_RETRY_MAX_MS);
          continue;
        }
      }
      const opened = Date.now();
      try {
        await state.client.streamApplications(
          event => this.onEvent(name, event),
          signal,
          state.resourceVersion,
        );
        this.logger.debug(`The stream of Argo CD instance ${name} ended`);
      } catch (error) {
        if (signal.aborted) {
          return;
        }
        instanceFailures.add(1, {
          ...this.attributes(name),
          operation: 'stream',
        });
        this.logger.warn(
          `The stream of Argo CD instance ${name} failed: ${stringifyError(
            error,
          )}; listing again in ${retryMs} ms`,
        );
      }
      if (Date.now() - opened >= STREAM_HEALTHY_MS) {
        retryMs = STREAM_RETRY_MS;
      }
      needsResync = true;
      await sleep(retryMs, signal);
      retryMs = Math.min(retryMs * 2, STREAM_RETRY_MAX_MS);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
