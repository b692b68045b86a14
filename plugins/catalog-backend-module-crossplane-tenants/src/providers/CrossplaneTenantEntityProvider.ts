import {
  AuthService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError, isError } from '@backstage/errors';
import {
  CatalogService,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  createKubernetesAuthStrategy,
  KubernetesApiClient,
  KubernetesAuthStrategy,
  KubernetesClusterConfig,
  KubernetesObject,
  KubernetesObjectRef,
  readKubernetesClusters,
} from '@internal/plugin-bookstore-tenant-node';
import { metrics } from '@opentelemetry/api';
import {
  buildTenantEntities,
  TENANT_PROVIDER_ANNOTATION,
} from '../mapping/tenantEntity';
import { ParsedObject, parseTenantObject } from '../mapping/tenantObject';
import { Backoff } from './Backoff';
import {
  CrossplaneTenantProviderConfig,
  readProviderConfigs,
} from './CrossplaneTenantEntityProviderConfig';
import { restoreTenantObjects } from './restoreTenantObjects';
import { TenantStore } from './TenantStore';
import { watchCollection } from './watchCollection';

type Source = 'claim' | 'composite';

/** How one cluster is doing, as the provider last saw it. */
export interface ClusterStatus {
  cluster: string;
  /** Undefined until the first full run has asked it. */
  up?: boolean;
  /** The last failure's message, while failing. */
  error?: string;
  /** When every collection of the cluster was last listed successfully. */
  lastSuccessAt?: Date;
  /** Whether this replica watches the cluster now (it runs the watch task). */
  watching: boolean;
}

interface Cluster {
  config: KubernetesClusterConfig;
  client: KubernetesApiClient;
  status: Omit<ClusterStatus, 'watching'>;
  watches: Map<Source, AbortController>;
  /** The list running now, if any: a cluster is listed once at a time. */
  listing?: Promise<boolean>;
  /** The retry of a failed list, between full runs. */
  retry?: NodeJS.Timeout;
  backoff: Backoff;
}

/** Options of {@link CrossplaneTenantEntityProvider.fromConfig}. */
export interface CrossplaneTenantEntityProviderOptions {
  logger: LoggerService;
  scheduler: SchedulerService;
  /**
   * The catalog, to read this provider's entities back after a restart: they
   * are the last known state of clusters that do not answer yet.
   */
  catalog?: CatalogService;
  auth?: AuthService;
  /** Default: the Kubernetes plugin's strategies over `config`. */
  authStrategy?: KubernetesAuthStrategy;
  /** The first retry of a cluster whose list failed; doubled up to 5 minutes. Default 5 s. */
  clusterRetryMs?: number;
  /**
   * Resolves once the backend has started: nothing is listed, watched or
   * written before (a backend whose start fails writes nothing). Default: at
   * connect.
   */
  backendStarted?: Promise<void>;
}

const meter = metrics.getMeter('bookstore-portal');
const clusterUp = meter.createObservableGauge(
  'catalog_crossplane_tenants_cluster_up',
  {
    description:
      'Whether the Crossplane tenant provider could read the cluster on its last attempt (1) or not (0)',
  },
);
const clusterFailures = meter.createCounter(
  'catalog_crossplane_tenants_cluster_failures_total',
  {
    description:
      'Failed list or watch requests of the Crossplane tenant provider, by cluster',
  },
);

/**
 * Turns the BookstoreTenant claims (and Crossplane 2 namespaced composites) of
 * every configured cluster into catalog entities: a full run lists every cluster
 * on the schedule, watches keep up in between, and a failing cluster keeps the
 * entities it last produced.
 */
export class CrossplaneTenantEntityProvider implements EntityProvider {
  readonly #config: CrossplaneTenantProviderConfig;
  readonly #clusters: Cluster[];
  readonly #logger: LoggerService;
  readonly #backendStarted: Promise<void>;
  readonly #scheduler: SchedulerService;
  readonly #taskRunner: SchedulerServiceTaskRunner;
  readonly #watchRunner?: SchedulerServiceTaskRunner;
  readonly #store = new TenantStore();
  readonly #sources: Source[];
  readonly #refs: Record<Source, KubernetesObjectRef | undefined>;
  readonly #clusterUrls: Map<string, string>;
  readonly #locationKey: string;
  /** Tenant key → the refs of the entities the catalog holds for it (applied successfully). */
  #emitted = new Map<string, string[]>();
  readonly #dirty = new Set<string>();
  /** `cluster|source` → the last resourceVersion seen, where a watch resumes. */
  readonly #versions = new Map<string, string>();
  readonly #catalog?: { service: CatalogService; auth: AuthService };
  readonly #clusterRetryMs: number;
  readonly #flushBackoff = new Backoff({ initialMs: 1000, maxMs: 60_000 });
  #restored = false;
  /** Whether this replica runs the watch task now: only then does it watch. */
  #watching = false;
  #flushTimer?: NodeJS.Timeout;
  /** Ends the watch task's run, if one runs. */
  #onStop?: () => void;
  #connection?: EntityProviderConnection;
  #queue: Promise<unknown> = Promise.resolve();
  #stopped = false;
  /** Whether the backend has started: no task does anything before. */
  #started = false;
  /** A full run came before the backend had started: it is triggered again once it has. */
  #skippedBeforeStart = false;

  /** One provider per instance of `catalog.providers.crossplaneTenants`. */
  static fromConfig(
    config: Config,
    options: CrossplaneTenantEntityProviderOptions,
  ): CrossplaneTenantEntityProvider[] {
    const clusters = readKubernetesClusters(config);
    const authStrategy =
      options.authStrategy ??
      createKubernetesAuthStrategy({ config, logger: options.logger });
    return readProviderConfigs(config).map(providerConfig => {
      const selected = providerConfig.clusters
        ? providerConfig.clusters.map(name => {
            const cluster = clusters.find(c => c.name === name);
            if (!cluster) {
              throw new InputError(
                `catalog.providers.crossplaneTenants.${
                  providerConfig.id
                }.clusters names '${name}', which is not a cluster of kubernetes.clusterLocatorMethods (${
                  clusters.map(c => c.name).join(', ') || 'none configured'
                })`,
              );
            }
            return cluster;
          })
        : clusters;
      return new CrossplaneTenantEntityProvider(
        providerConfig,
        selected,
        { ...options, authStrategy },
        options.scheduler.createScheduledTaskRunner(providerConfig.schedule),
        providerConfig.watch
          ? options.scheduler.createScheduledTaskRunner({
              frequency: { seconds: 1 },
              timeout: providerConfig.watchLease,
              scope: 'global',
            })
          : undefined,
      );
    });
  }

  private constructor(
    config: CrossplaneTenantProviderConfig,
    clusters: KubernetesClusterConfig[],
    options: CrossplaneTenantEntityProviderOptions & {
      authStrategy: KubernetesAuthStrategy;
    },
    taskRunner: SchedulerServiceTaskRunner,
    watchRunner?: SchedulerServiceTaskRunner,
  ) {
    this.#config = config;
    this.#logger = options.logger.child({ target: this.getProviderName() });
    this.#catalog =
      options.catalog && options.auth
        ? { service: options.catalog, auth: options.auth }
        : undefined;
    this.#clusterRetryMs = options.clusterRetryMs ?? 5000;
    this.#backendStarted = options.backendStarted ?? Promise.resolve();
    this.#scheduler = options.scheduler;
    this.#taskRunner = taskRunner;
    this.#watchRunner = watchRunner;
    this.#locationKey = this.getProviderName();
    this.#refs = { claim: config.claims, composite: config.composites };
    this.#sources = (['claim', 'composite'] as const).filter(
      source => this.#refs[source],
    );
    this.#clusterUrls = new Map(clusters.map(c => [c.name, c.url]));
    this.#clusters = clusters.map(cluster => ({
      config: cluster,
      client: new KubernetesApiClient({
        cluster,
        authStrategy: options.authStrategy,
        timeoutMs: config.requestTimeoutMs,
      }),
      status: { cluster: cluster.name },
      watches: new Map(),
      backoff: new Backoff({
        initialMs: this.#clusterRetryMs,
        maxMs: 300_000,
      }),
    }));
    const attributes = (cluster: string) => ({
      provider: this.getProviderName(),
      cluster,
    });
    clusterUp.addCallback(result => {
      for (const { status } of this.#clusters) {
        if (status.up !== undefined) {
          result.observe(status.up ? 1 : 0, attributes(status.cluster));
        }
      }
    });
  }

  getProviderName(): string {
    return `crossplane-tenant-provider:${this.#config.id}`;
  }

  /**
   * Schedules the full runs and the watch, during the catalog's start-up: a
   * scheduler that cannot start (e.g. its database migrations raced another
   * replica's) fails the start and the replica is restarted, instead of running
   * on without this provider's tasks. Runs before the backend has started do
   * nothing; a full run skipped so is triggered again once it has.
   */
  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    const refreshTask = `${this.getProviderName()}:refresh`;
    await this.#taskRunner.run({
      id: refreshTask,
      fn: async () => {
        if (this.#started) {
          await this.refresh();
        } else {
          this.#skippedBeforeStart = true;
        }
      },
    });
    await this.#watchRunner?.run({
      id: `${this.getProviderName()}:watch`,
      fn: async signal => {
        if (this.#started) {
          await this.#watchUntil(signal);
        }
      },
    });
    this.#backendStarted
      .then(async () => {
        if (this.#stopped) {
          return;
        }
        this.#started = true;
        if (this.#skippedBeforeStart) {
          await this.#scheduler.triggerTask(refreshTask);
        }
      })
      .catch(error =>
        this.#logger.warn(
          `The first full run of ${this.getProviderName()} was not triggered at start-up; it runs on its schedule`,
          error,
        ),
      );
  }

  /**
   * The watch task: while it runs (the scheduler's global lock held by this
   * replica, for at most `watchLease`), this replica watches every collection
   * and applies the deltas; no other replica does. Watches resume from the
   * last resourceVersion this replica saw (replaying what changed meanwhile);
   * collections it has never listed are listed first.
   */
  async #watchUntil(signal: AbortSignal): Promise<void> {
    if (this.#stopped || signal.aborted) {
      return;
    }
    this.#watching = true;
    for (const cluster of this.#clusters) {
      const versions = this.#sources.map(source =>
        this.#versions.get(`${cluster.config.name}|${source}`),
      );
      if (versions.every(Boolean)) {
        this.#sources.forEach((source, i) =>
          this.#watch(cluster, source, versions[i]!),
        );
      } else if (!cluster.retry) {
        this.#listCluster(cluster).catch(() => undefined);
      }
    }
    await new Promise<void>(resolve => {
      const stop = () => {
        this.#onStop = undefined;
        this.#watching = false;
        this.#closeWatches();
        resolve();
      };
      this.#onStop = stop;
      signal.addEventListener('abort', stop, { once: true });
    });
  }

  /** How each cluster is doing. */
  getClusterStatus(): ClusterStatus[] {
    return this.#clusters.map(c => ({
      ...c.status,
      watching: c.watches.size > 0,
    }));
  }

  /**
   * A full run: lists every cluster, each on its own (what a cluster answers
   * reaches the catalog as a delta at once, whatever the others do), then
   * replaces this provider's entities — unless a cluster has never answered,
   * in which case entities are only added, so that nothing ingested before
   * (e.g. before a restart) is lost to an outage. Before the first run, the
   * provider reads its entities back from the catalog as the last known state
   * of every cluster.
   */
  async refresh(): Promise<void> {
    const connection = this.#requireConnection();
    const started = Date.now();
    await this.#restore();
    await Promise.all(
      this.#clusters.map(cluster => this.#listCluster(cluster)),
    );
    await this.#exclusive(async () => {
      const built = new Map<string, Entity[]>();
      for (const name of this.#store.names()) {
        built.set(name, this.#build(name));
      }
      const entities = [...built.values()].flat();
      const unknown = this.#clusters.filter(
        c => !this.#store.isKnown(c.config.name, this.#sources),
      );
      const deferred = entities.map(entity => ({
        entity,
        locationKey: this.#locationKey,
      }));
      if (unknown.length === 0) {
        await connection.applyMutation({ type: 'full', entities: deferred });
        this.#emitted = new Map();
      } else {
        this.#logger.warn(
          `Not removing any entity: ${unknown
            .map(c => c.config.name)
            .join(', ')} ha${
            unknown.length === 1 ? 's' : 've'
          } not answered since the portal started`,
        );
        await connection.applyMutation({
          type: 'delta',
          added: deferred,
          removed: [],
        });
      }
      for (const [name, list] of built) {
        this.#remember(name, list);
      }
      const up = this.#clusters.filter(c => c.status.up).length;
      this.#logger.info(
        `Read ${built.size} tenants (${
          entities.length
        } entities) from ${up} of ${this.#clusters.length} clusters in ${
          Date.now() - started
        } ms`,
      );
    });
  }

  /** Stops every watch and closes the connections. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#flushTimer);
    this.#onStop?.();
    for (const cluster of this.#clusters) {
      clearTimeout(cluster.retry);
    }
    this.#closeWatches();
    await this.#queue;
    await Promise.all(this.#clusters.map(c => c.client.close()));
  }

  #closeWatches() {
    for (const cluster of this.#clusters) {
      for (const controller of cluster.watches.values()) {
        controller.abort();
      }
      cluster.watches.clear();
    }
  }

  #requireConnection(): EntityProviderConnection {
    if (!this.#connection) {
      throw new Error(`${this.getProviderName()} is not connected`);
    }
    return this.#connection;
  }

  /** Runs full runs and flushes one at a time, in order. */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(fn);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** The entities of a tenant (by key), as they are now. */
  #build(name: string): Entity[] {
    const { entities, warnings } = buildTenantEntities(
      this.#store.objectsNamed(name),
      {
        providerName: this.getProviderName(),
        teamLabel: this.#config.teamLabel,
        fallbackOwner: this.#config.fallbackOwner,
        clusterUrls: this.#clusterUrls,
        plurals: {
          claim: this.#refs.claim?.plural ?? '',
          composite: this.#refs.composite?.plural ?? '',
        },
        composedResources: this.#config.composedResources,
        composedRefsOf: (cluster, composite) =>
          this.#store.composedRefsOf(cluster, composite),
      },
    );
    for (const warning of warnings) {
      this.#logger.warn(warning);
    }
    return entities;
  }

  /** Records what the catalog holds for a tenant, once a mutation succeeded. */
  #remember(name: string, entities: Entity[]) {
    if (entities.length > 0) {
      this.#emitted.set(
        name,
        entities.map(e => stringifyEntityRef(e)),
      );
    } else {
      this.#emitted.delete(name);
    }
  }

  /**
   * Once: reads this provider's entities back from the catalog into the store,
   * as the state of each collection until it is listed. Fails softly (then
   * retried next run): without it, an outage only stops removals.
   */
  async #restore(): Promise<void> {
    if (this.#restored || !this.#catalog) {
      return;
    }
    const { service, auth } = this.#catalog;
    try {
      const { items } = await service.getEntities(
        {
          filter: {
            kind: 'Resource',
            [`metadata.annotations.${TENANT_PROVIDER_ANNOTATION}`]:
              this.getProviderName(),
          },
        },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      const ours = new Set(this.#clusters.map(c => c.config.name));
      const objects = restoreTenantObjects(
        items,
        this.#config.teamLabel,
      ).filter(o => ours.has(o.cluster) && this.#sources.includes(o.source));
      for (const object of objects) {
        this.#store.restore(object);
      }
      this.#restored = true;
      this.#logger.info(
        `Read ${objects.length} tenant objects of ${items.length} entities back from the catalog as the clusters' last known state`,
      );
    } catch (error) {
      this.#logger.warn(
        `Could not read this provider's entities back from the catalog, will try again next run: ${
          isError(error) ? error.message : error
        }`,
      );
    }
  }

  #parse(cluster: string, source: Source, object: unknown): ParsedObject {
    const parsed = parseTenantObject(object, { cluster, source });
    if (parsed.type === 'malformed') {
      this.#logger.warn(
        `Skipped ${this.#refs[source]!.plural} ${parsed.ref}: ${
          parsed.problem
        }`,
      );
    }
    return parsed;
  }

  #excluded(object: KubernetesObject): boolean {
    const namespace = object?.metadata?.namespace;
    return !!namespace && this.#config.excludeNamespaces.includes(namespace);
  }

  /** Lists every page of a collection; a 410 on a continue token starts over once. */
  async #listAll(
    cluster: Cluster,
    source: Source,
  ): Promise<{ objects: ParsedObject[]; resourceVersion: string }> {
    const ref = this.#refs[source]!;
    for (let attempt = 0; ; attempt++) {
      const objects: ParsedObject[] = [];
      let next: string | undefined;
      let resourceVersion = '';
      try {
        do {
          const page = await cluster.client.listObjects(ref, {
            limit: this.#config.pageSize,
            continue: next,
          });
          for (const item of page.items) {
            if (!this.#excluded(item)) {
              objects.push(this.#parse(cluster.config.name, source, item));
            }
          }
          next = page.metadata.continue || undefined;
          resourceVersion = page.metadata.resourceVersion ?? resourceVersion;
        } while (next);
        return { objects, resourceVersion };
      } catch (error) {
        const expired =
          next !== undefined &&
          (error as { kubernetes?: { statusCode?: number } }).kubernetes
            ?.statusCode === 410;
        if (!expired || attempt > 0) {
          throw error;
        }
      }
    }
  }

  #failed(cluster: Cluster, error: unknown) {
    const message = isError(error) ? error.message : String(error);
    const wasUp = cluster.status.up !== false;
    cluster.status.up = false;
    cluster.status.error = message;
    clusterFailures.add(1, {
      provider: this.getProviderName(),
      cluster: cluster.config.name,
    });
    return { message, wasUp };
  }

  /**
   * Lists a cluster's collections, once at a time; what it answers goes to the
   * catalog as a delta right away. A failure keeps the cluster's last state,
   * stops at the first collection (the others would fail alike), and retries
   * the cluster on a growing backoff until it answers. Resolves to success.
   */
  #listCluster(cluster: Cluster): Promise<boolean> {
    if (!cluster.listing) {
      clearTimeout(cluster.retry);
      cluster.retry = undefined;
      cluster.listing = this.#listOnce(cluster).finally(() => {
        cluster.listing = undefined;
      });
    }
    return cluster.listing;
  }

  async #listOnce(cluster: Cluster): Promise<boolean> {
    const name = cluster.config.name;
    for (const source of this.#sources) {
      const plural = this.#refs[source]!.plural;
      try {
        const { objects, resourceVersion } = await this.#listAll(
          cluster,
          source,
        );
        cluster.watches.get(source)?.abort();
        cluster.watches.delete(source);
        this.#markDirty(this.#store.replace(name, source, objects));
        this.#watch(cluster, source, resourceVersion);
      } catch (error) {
        const { message } = this.#failed(cluster, error);
        const kept = [...this.#store.names()].filter(key =>
          this.#store.objectsNamed(key).some(o => o.cluster === name),
        ).length;
        const delay = cluster.backoff.next();
        this.#logger.error(
          `Could not list ${plural}: ${message}; keeping the ${kept} tenants last known from cluster ${name}, retrying in ${Math.round(
            delay / 1000,
          )} s`,
        );
        // Keep up from where the last good list left off, if there was one.
        const version = this.#versions.get(`${name}|${source}`);
        if (version && !cluster.watches.has(source)) {
          this.#watch(cluster, source, version);
        }
        if (!this.#stopped) {
          cluster.retry = setTimeout(() => {
            this.#listCluster(cluster).catch(() => undefined);
          }, delay);
        }
        return false;
      }
    }
    cluster.backoff.reset();
    cluster.status.up = true;
    cluster.status.error = undefined;
    cluster.status.lastSuccessAt = new Date();
    return true;
  }

  #watch(cluster: Cluster, source: Source, resourceVersion: string) {
    const key = `${cluster.config.name}|${source}`;
    this.#versions.set(key, resourceVersion);
    if (!this.#watching || this.#stopped || cluster.watches.has(source)) {
      return;
    }
    const controller = new AbortController();
    cluster.watches.set(source, controller);
    const name = cluster.config.name;
    const plural = this.#refs[source]!.plural;
    watchCollection(
      {
        client: cluster.client,
        ref: this.#refs[source]!,
        resourceVersion,
        signal: controller.signal,
      },
      {
        onChange: (type, object) => {
          const version = object.metadata?.resourceVersion;
          if (version) {
            this.#versions.set(key, version);
          }
          if (this.#excluded(object) || !object.metadata?.name) {
            return;
          }
          const parsed =
            type === 'DELETED'
              ? ({ type: 'malformed', ref: '', problem: '' } as const)
              : this.#parse(name, source, object);
          const affected = this.#store.apply(name, source, type, parsed, {
            namespace: object.metadata.namespace,
            name: object.metadata.name,
          });
          this.#markDirty(affected);
        },
        relist: async firstOfEpisode => {
          const { objects, resourceVersion: version } = await this.#listAll(
            cluster,
            source,
          );
          this.#markDirty(this.#store.replace(name, source, objects));
          this.#versions.set(key, version);
          if (firstOfEpisode) {
            this.#logger.info(
              `Listed ${plural} of cluster ${name} again: its watch version had expired (410 Gone); while it keeps expiring, relisting with backoff`,
            );
          } else {
            this.#logger.debug(
              `Listed ${plural} of cluster ${name} again (410 Gone)`,
            );
          }
          return version;
        },
        onError: error => {
          const { message, wasUp } = this.#failed(cluster, error);
          if (wasUp) {
            this.#logger.error(
              `Watch of ${plural} failed: ${message}; keeping the tenants last read from cluster ${name}, retrying`,
            );
          }
        },
        onRecovered: () => {
          cluster.status.up = true;
          cluster.status.error = undefined;
          this.#logger.info(`Watch of ${plural} in cluster ${name} recovered`);
        },
      },
    ).catch(error =>
      this.#logger.error(
        `Watch of ${plural} in cluster ${name} stopped: ${error}`,
      ),
    );
  }

  #markDirty(names: Iterable<string>, delayMs = 50) {
    for (const name of names) {
      this.#dirty.add(name);
    }
    if (this.#dirty.size > 0 && !this.#flushTimer && !this.#stopped) {
      // Events come in bursts: gather them briefly into one delta.
      this.#flushTimer = setTimeout(() => {
        this.#flushTimer = undefined;
        this.#exclusive(() => this.#flush()).catch(error =>
          this.#logger.error(`Could not apply watched changes: ${error}`),
        );
      }, delayMs);
    }
  }

  /**
   * Applies the changes of the dirty tenants as one delta. Until the catalog
   * takes it, the tenants stay dirty and what it holds stays as it was, so a
   * failed mutation is retried (with backoff) and loses no removal.
   */
  async #flush(): Promise<void> {
    if (this.#dirty.size === 0 || !this.#connection) {
      return;
    }
    const names = [...this.#dirty];
    this.#dirty.clear();
    const built = new Map<string, Entity[]>();
    const removed = new Set<string>();
    for (const name of names) {
      const entities = this.#build(name);
      built.set(name, entities);
      const now = new Set(entities.map(e => stringifyEntityRef(e)));
      for (const ref of this.#emitted.get(name) ?? []) {
        if (!now.has(ref)) {
          removed.add(ref);
        }
      }
    }
    const added = [...built.values()].flat();
    try {
      await this.#connection.applyMutation({
        type: 'delta',
        added: added.map(entity => ({
          entity,
          locationKey: this.#locationKey,
        })),
        removed: [...removed].map(entityRef => ({
          entityRef,
          locationKey: this.#locationKey,
        })),
      });
    } catch (error) {
      this.#markDirty(names, this.#flushBackoff.next());
      throw error;
    }
    this.#flushBackoff.reset();
    for (const [name, entities] of built) {
      this.#remember(name, entities);
    }
    this.#logger.debug(
      `Applied watched changes: ${added.length} entities updated, ${removed.size} removed`,
    );
  }
}
