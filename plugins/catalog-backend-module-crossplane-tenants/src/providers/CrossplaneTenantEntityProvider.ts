import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError, isError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  KubernetesApiClient,
  KubernetesClusterConfig,
  KubernetesObject,
  KubernetesObjectRef,
  readKubernetesClusters,
} from '@internal/plugin-bookstore-tenant-node';
import { metrics } from '@opentelemetry/api';
import { buildTenantEntities } from '../mapping/tenantEntity';
import { ParsedObject, parseTenantObject } from '../mapping/tenantObject';
import {
  CrossplaneTenantProviderConfig,
  readProviderConfigs,
} from './CrossplaneTenantEntityProviderConfig';
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
}

interface Cluster {
  config: KubernetesClusterConfig;
  client: KubernetesApiClient;
  status: ClusterStatus;
  watches: Map<Source, AbortController>;
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
  readonly #taskRunner: SchedulerServiceTaskRunner;
  readonly #store = new TenantStore();
  readonly #sources: Source[];
  readonly #refs: Record<Source, KubernetesObjectRef | undefined>;
  readonly #clusterUrls: Map<string, string>;
  readonly #locationKey: string;
  /** Tenant name → the refs of the entities last emitted for it. */
  readonly #emitted = new Map<string, string[]>();
  readonly #dirty = new Set<string>();
  /** `cluster|source` → the last resourceVersion seen, where a watch resumes. */
  readonly #versions = new Map<string, string>();
  #flushTimer?: NodeJS.Timeout;
  #connection?: EntityProviderConnection;
  #queue: Promise<unknown> = Promise.resolve();
  #stopped = false;

  /** One provider per instance of `catalog.providers.crossplaneTenants`. */
  static fromConfig(
    config: Config,
    options: { logger: LoggerService; scheduler: SchedulerService },
  ): CrossplaneTenantEntityProvider[] {
    const clusters = readKubernetesClusters(config);
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
        options.logger,
        options.scheduler.createScheduledTaskRunner(providerConfig.schedule),
      );
    });
  }

  private constructor(
    config: CrossplaneTenantProviderConfig,
    clusters: KubernetesClusterConfig[],
    logger: LoggerService,
    taskRunner: SchedulerServiceTaskRunner,
  ) {
    this.#config = config;
    this.#logger = logger.child({ target: this.getProviderName() });
    this.#taskRunner = taskRunner;
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
        timeoutMs: config.requestTimeoutMs,
      }),
      status: { cluster: cluster.name },
      watches: new Map(),
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

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    await this.#taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        await this.refresh();
      },
    });
  }

  /** How each cluster is doing. */
  getClusterStatus(): ClusterStatus[] {
    return this.#clusters.map(c => ({ ...c.status }));
  }

  /**
   * A full run: lists every cluster, then replaces this provider's entities —
   * unless a cluster has never answered, in which case entities are only added,
   * so that nothing ingested before (e.g. before a restart) is lost to an outage.
   */
  async refresh(): Promise<void> {
    await this.#exclusive(async () => {
      const connection = this.#requireConnection();
      const started = Date.now();
      await Promise.all(this.#clusters.map(cluster => this.#list(cluster)));
      const entities: Entity[] = [];
      this.#emitted.clear();
      for (const name of this.#store.names()) {
        entities.push(...this.#build(name));
      }
      const unknown = this.#clusters.filter(
        c => !this.#store.isKnown(c.config.name, this.#sources),
      );
      const deferred = entities.map(entity => ({
        entity,
        locationKey: this.#locationKey,
      }));
      if (unknown.length === 0) {
        await connection.applyMutation({ type: 'full', entities: deferred });
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
      const up = this.#clusters.filter(c => c.status.up).length;
      this.#logger.info(
        `Read ${this.#emitted.size} tenants (${
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
    for (const cluster of this.#clusters) {
      for (const controller of cluster.watches.values()) {
        controller.abort();
      }
      cluster.watches.clear();
    }
    await this.#queue;
    await Promise.all(this.#clusters.map(c => c.client.close()));
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

  /** The entities of a tenant, remembered as emitted. */
  #build(name: string): Entity[] {
    const { entities, warnings } = buildTenantEntities(
      this.#store.objectsNamed(name),
      {
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
    if (entities.length > 0) {
      this.#emitted.set(
        name,
        entities.map(e => stringifyEntityRef(e)),
      );
    } else {
      this.#emitted.delete(name);
    }
    return entities;
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

  /** Lists a cluster's collections; a failure keeps the cluster's last state. */
  async #list(cluster: Cluster): Promise<void> {
    let ok = true;
    for (const source of this.#sources) {
      cluster.watches.get(source)?.abort();
      cluster.watches.delete(source);
      const plural = this.#refs[source]!.plural;
      try {
        const { objects, resourceVersion } = await this.#listAll(
          cluster,
          source,
        );
        this.#store.replace(cluster.config.name, source, objects);
        this.#watch(cluster, source, resourceVersion);
      } catch (error) {
        ok = false;
        const { message } = this.#failed(cluster, error);
        const kept = [...this.#store.names()].filter(name =>
          this.#store
            .objectsNamed(name)
            .some(o => o.cluster === cluster.config.name),
        ).length;
        this.#logger.error(
          `Could not list ${plural}: ${message}; keeping the ${kept} tenants last read from cluster ${cluster.config.name}`,
        );
        // Keep up from where the last good list left off, if there was one.
        const version = this.#versions.get(`${cluster.config.name}|${source}`);
        if (version) {
          this.#watch(cluster, source, version);
        }
      }
    }
    if (ok) {
      cluster.status.up = true;
      cluster.status.error = undefined;
      cluster.status.lastSuccessAt = new Date();
    }
  }

  #watch(cluster: Cluster, source: Source, resourceVersion: string) {
    const key = `${cluster.config.name}|${source}`;
    this.#versions.set(key, resourceVersion);
    if (!this.#config.watch || this.#stopped) {
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
        relist: async () => {
          const { objects, resourceVersion: version } = await this.#listAll(
            cluster,
            source,
          );
          this.#markDirty(this.#store.replace(name, source, objects));
          this.#versions.set(key, version);
          this.#logger.info(
            `Listed ${plural} of cluster ${name} again: its watch version had expired (410 Gone)`,
          );
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

  #markDirty(names: Iterable<string>) {
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
      }, 50);
    }
  }

  /** Applies the changes of the dirty tenants as one delta. */
  async #flush(): Promise<void> {
    if (this.#dirty.size === 0 || !this.#connection) {
      return;
    }
    const names = [...this.#dirty];
    this.#dirty.clear();
    const added: Entity[] = [];
    const removed = new Set<string>();
    for (const name of names) {
      const before = this.#emitted.get(name) ?? [];
      const entities = this.#build(name);
      added.push(...entities);
      const now = new Set(entities.map(e => stringifyEntityRef(e)));
      for (const ref of before) {
        if (!now.has(ref)) {
          removed.add(ref);
        }
      }
    }
    await this.#connection.applyMutation({
      type: 'delta',
      added: added.map(entity => ({ entity, locationKey: this.#locationKey })),
      removed: [...removed].map(entityRef => ({
        entityRef,
        locationKey: this.#locationKey,
      })),
    });
    this.#logger.debug(
      `Applied watched changes: ${added.length} entities updated, ${removed.size} removed`,
    );
  }
}
