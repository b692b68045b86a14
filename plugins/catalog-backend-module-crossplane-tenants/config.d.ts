import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

/** A watched collection of the Kubernetes API. */
interface CollectionConfig {
  /** The API group. */
  group: string;
  /** The served version. */
  version: string;
  /** The resource's plural, as in API paths. */
  plural: string;
}

interface ProviderConfig {
  /**
   * The owner of a tenant whose claim names none (no team label, no
   * `spec.parameters.owner`), as an entity ref, e.g. `group:default/platform-team`.
   */
  fallbackOwner: string;
  /** When full runs happen (list every cluster again). Watches keep up in between. */
  schedule: SchedulerServiceTaskScheduleDefinitionConfig;
  /**
   * The clusters to read, by name, from `kubernetes.clusterLocatorMethods`.
   * Default: every cluster there.
   */
  clusters?: string[];
  /** The label naming a tenant's owner team. Default `platform.bookstore.io/team`. */
  teamLabel?: string;
  /** Namespaces whose claims and composites are ignored. Default none. */
  excludeNamespaces?: string[];
  /**
   * The claims to read. Default `platform.bookstore.io/v1alpha1` `bookstoretenants`.
   * `false` reads no claims (a Crossplane 2 platform without claims).
   */
  claims?: CollectionConfig | false;
  /**
   * The composite resources to read: Crossplane 2 namespaced XRs become tenants,
   * Crossplane 1 cluster-scoped XRs give their claims' composed resources.
   * Default `platform.bookstore.io/v1alpha1` `xbookstoretenants`; `false` reads none.
   */
  composites?: CollectionConfig | false;
  /** Also emit each tenant's composed resources as entities. Default false. */
  composedResources?: boolean;
  /** Keep up between full runs by watching. Default true. */
  watch?: boolean;
  /**
   * How long one run of the watch task (a global scheduled task: one replica
   * watches at a time) holds the scheduler's lock, e.g. `{ seconds: 15 }`
   * (the default) or `15s`. A replica that dies keeps the watches' lock this
   * long, plus up to the scheduler janitor's minute.
   */
  watchLease?: HumanDuration | string;
  /** Objects per page of a list (`limit`). Default 500. */
  pageSize?: number;
  /** How long one request to a cluster may take, in milliseconds. Default 10000. */
  requestTimeoutMs?: number;
}

export interface Config {
  catalog?: {
    providers?: {
      /**
       * The Crossplane tenant provider (plugins/catalog-backend-module-crossplane-tenants):
       * BookstoreTenant claims and Crossplane 2 XRs in the clusters of
       * `kubernetes.clusterLocatorMethods` become `Resource` entities of
       * `spec.type: bookstore-tenant`. One instance, or several keyed by id.
       */
      crossplaneTenants?: ProviderConfig | { [id: string]: ProviderConfig };
    };
  };
}
