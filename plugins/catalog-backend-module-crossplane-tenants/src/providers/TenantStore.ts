import {
  ComposedResourceRef,
  ParsedObject,
  TenantObject,
} from '../mapping/tenantObject';

type Source = TenantObject['source'];

interface Collection {
  /** `namespace/name` → the tenant's key, for the objects this collection holds. */
  tenants: Map<string, string>;
  /** Cluster-scoped composites' composed resources, by composite name. */
  composites: Map<string, ComposedResourceRef[]>;
}

/**
 * What the provider knows of every cluster: the tenant objects of each watched
 * collection, indexed by tenant name. A cluster's state is replaced only by a
 * successful list and changed only by its watch events, so a failing cluster
 * keeps its last good state.
 */
export class TenantStore {
  /** tenant key (the name in lower case, as the catalog compares names) → `cluster|source|namespace|name` → object */
  readonly #byName = new Map<string, Map<string, TenantObject>>();
  readonly #collections = new Map<string, Collection>();
  readonly #listed = new Map<string, Set<Source>>();

  /** True once every collection of the cluster has been listed successfully. */
  isKnown(cluster: string, sources: readonly Source[]): boolean {
    const listed = this.#listed.get(cluster);
    return !!listed && sources.every(source => listed.has(source));
  }

  /** Every tenant key known, in no particular order. */
  names(): IterableIterator<string> {
    return this.#byName.keys();
  }

  /** Whether a collection holds only what was restored (from the catalog), never listed. */
  isListed(cluster: string, source: Source): boolean {
    return !!this.#listed.get(cluster)?.has(source);
  }

  /**
   * Puts an object last known from elsewhere (the catalog, after a restart) into
   * a collection not listed yet; the collection's first list replaces it.
   * Returns the tenant keys affected.
   */
  restore(tenant: TenantObject): Set<string> {
    const affected = new Set<string>();
    if (!this.isListed(tenant.cluster, tenant.source)) {
      this.#put(
        tenant.cluster,
        tenant.source,
        { type: 'tenant', tenant },
        affected,
      );
    }
    return affected;
  }

  /** Every object of a tenant (by key), across clusters and collections. */
  objectsNamed(name: string): TenantObject[] {
    return [...(this.#byName.get(name)?.values() ?? [])];
  }

  /** The composed resources of a cluster-scoped (v1) composite. */
  composedRefsOf(
    cluster: string,
    compositeName: string,
  ): ComposedResourceRef[] | undefined {
    return this.#collection(cluster, 'composite').composites.get(compositeName);
  }

  /** Replaces a collection's objects with a fresh list; returns the tenant names affected. */
  replace(
    cluster: string,
    source: Source,
    objects: ParsedObject[],
  ): Set<string> {
    const collection = this.#collection(cluster, source);
    const affected = new Set<string>();
    for (const [key, name] of collection.tenants) {
      this.#byName
        .get(name)
        ?.delete(`${cluster}|${source}|${key.replace('/', '|')}`);
      if (this.#byName.get(name)?.size === 0) {
        this.#byName.delete(name);
      }
      affected.add(name);
    }
    collection.tenants.clear();
    const hadComposites = collection.composites.size > 0;
    collection.composites.clear();
    for (const object of objects) {
      this.#put(cluster, source, object, affected);
    }
    if (hadComposites || collection.composites.size > 0) {
      this.#claimsOfComposites(cluster, undefined, affected);
    }
    let listed = this.#listed.get(cluster);
    if (!listed) {
      listed = new Set();
      this.#listed.set(cluster, listed);
    }
    listed.add(source);
    return affected;
  }

  /** Applies one watch event; returns the tenant names affected. */
  apply(
    cluster: string,
    source: Source,
    type: 'ADDED' | 'MODIFIED' | 'DELETED',
    object: ParsedObject,
    key: { namespace?: string; name: string },
  ): Set<string> {
    const affected = new Set<string>();
    const collection = this.#collection(cluster, source);
    if (!key.namespace && source === 'composite') {
      collection.composites.delete(key.name);
      if (type !== 'DELETED') {
        this.#put(cluster, source, object, affected);
      }
      this.#claimsOfComposites(cluster, key.name, affected);
      return affected;
    }
    const objectKey = `${key.namespace}/${key.name}`;
    const previous = collection.tenants.get(objectKey);
    if (previous) {
      collection.tenants.delete(objectKey);
      const objects = this.#byName.get(previous);
      objects?.delete(`${cluster}|${source}|${key.namespace}|${key.name}`);
      if (objects?.size === 0) {
        this.#byName.delete(previous);
      }
      affected.add(previous);
    }
    if (type !== 'DELETED') {
      this.#put(cluster, source, object, affected);
    }
    return affected;
  }

  #collection(cluster: string, source: Source): Collection {
    const id = `${cluster}|${source}`;
    let collection = this.#collections.get(id);
    if (!collection) {
      collection = { tenants: new Map(), composites: new Map() };
      this.#collections.set(id, collection);
    }
    return collection;
  }

  #put(
    cluster: string,
    source: Source,
    object: ParsedObject,
    affected: Set<string>,
  ) {
    const collection = this.#collection(cluster, source);
    if (object.type === 'composite') {
      collection.composites.set(
        object.composite.name,
        object.composite.composedRefs,
      );
      return;
    }
    if (object.type !== 'tenant') {
      return;
    }
    const { tenant } = object;
    const name = tenant.name.toLowerCase();
    collection.tenants.set(`${tenant.namespace}/${tenant.name}`, name);
    let objects = this.#byName.get(name);
    if (!objects) {
      objects = new Map();
      this.#byName.set(name, objects);
    }
    objects.set(
      `${cluster}|${source}|${tenant.namespace}|${tenant.name}`,
      tenant,
    );
    affected.add(name);
  }

  /** Adds the tenants whose claims in `cluster` use the composite (any, if undefined). */
  #claimsOfComposites(
    cluster: string,
    compositeName: string | undefined,
    affected: Set<string>,
  ) {
    for (const [, name] of this.#collection(cluster, 'claim').tenants) {
      for (const object of this.#byName.get(name)?.values() ?? []) {
        if (
          object.cluster === cluster &&
          object.source === 'claim' &&
          object.compositeName &&
          (compositeName === undefined ||
            object.compositeName === compositeName)
        ) {
          affected.add(name);
        }
      }
    }
  }
}
