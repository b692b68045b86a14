import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CROSSPLANE_CLAIM_NAME_ANNOTATION,
  CROSSPLANE_COMPOSITE_NAME_ANNOTATION,
  CROSSPLANE_NAMESPACE_ANNOTATION,
  TENANT_CLUSTERS_ANNOTATION,
  TENANT_ENTITY_TYPE,
  type TenantClusterState,
  type TenantEntityDetails,
} from '@internal/plugin-bookstore-tenant-common';
import { ComposedResourceRef, TenantObject } from './tenantObject';

/** The Kubernetes plugin's annotation: which objects belong to the entity. */
const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';

/**
 * Names the provider instance that emitted a tenant entity, so that after a
 * restart it can read its own entities back from the catalog.
 */
export const TENANT_PROVIDER_ANNOTATION =
  'crossplane-tenants.bookstore.io/provider';

/** How tenant objects become entities. */
export interface TenantEntityOptions {
  /** The provider's name, written to {@link TENANT_PROVIDER_ANNOTATION}. */
  providerName: string;
  /** The label naming a tenant's owner team, e.g. `platform.bookstore.io/team`. */
  teamLabel: string;
  /** The owner when neither the label nor `spec.parameters.owner` names one (an entity ref). */
  fallbackOwner: string;
  /** The clusters' API server URLs, in config order (the order of `spec.tenant.clusters`). */
  clusterUrls: ReadonlyMap<string, string>;
  /** The collections' plurals, for the URL of an object. */
  plurals: { claim: string; composite: string };
  /** Also emit the composed resources as entities. */
  composedResources: boolean;
  /** A v1 composite's composed resources, by cluster and composite name. */
  composedRefsOf(
    cluster: string,
    compositeName: string,
  ): ComposedResourceRef[] | undefined;
}

/** The entities of one tenant, and what could not be used. */
export interface TenantEntities {
  entities: Entity[];
  warnings: string[];
}

function objectUrl(
  baseUrl: string,
  object: TenantObject,
  plural: string,
): string {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const api = group ? `apis/${group}/${version}` : `api/${version}`;
  return `${baseUrl.replace(/\/+$/, '')}/${api}/namespaces/${
    object.namespace
  }/${plural}/${object.name}`;
}

/** Orders by code point, so `ACME` comes before `acme` whatever the locale. */
function compareCodePoints(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

function refOf(object: TenantObject): string {
  return `${object.cluster}/${object.namespace}/${object.name}`;
}

/** The team label of an object, if the catalog can hold it as a label value. */
function teamLabelOf(
  object: TenantObject,
  options: TenantEntityOptions,
  warnings: string[],
): string | undefined {
  const value = object.labels[options.teamLabel];
  if (value === undefined) {
    return undefined;
  }
  if (!KubernetesValidatorFunctions.isValidLabelValue(value)) {
    warnings.push(
      `${refOf(object)}: label ${
        options.teamLabel
      }='${value}' is not a valid catalog label value (at most 63 letters, digits, "-", "_" or ".", each separator between two letters or digits); ignored`,
    );
    return undefined;
  }
  return value;
}

/**
 * The owner: the first team label, else the first `spec.parameters.owner`, else
 * the fallback — in cluster config order, so the choice does not depend on
 * which cluster answered first. Objects naming other owners get a warning.
 */
function ownerOf(
  objects: TenantObject[],
  options: TenantEntityOptions,
  warnings: string[],
): string {
  const candidates = [
    ...objects.map(o => ({
      value: teamLabelOf(o, options, warnings),
      from: o,
    })),
    ...objects.map(o => ({ value: o.owner, from: o })),
  ];
  const named: { owner: string; from: TenantObject }[] = [];
  for (const { value, from } of candidates) {
    if (!value) {
      continue;
    }
    try {
      named.push({
        owner: stringifyEntityRef(
          parseEntityRef(value, {
            defaultKind: 'group',
            defaultNamespace: 'default',
          }),
        ),
        from,
      });
    } catch {
      warnings.push(
        `${refOf(from)}: owner '${value}' is not an entity reference; ignored`,
      );
    }
  }
  if (named.length === 0) {
    return options.fallbackOwner;
  }
  const owner = named[0].owner;
  const others = named.filter(n => n.owner !== owner);
  if (others.length > 0) {
    warnings.push(
      `tenant ${objects[0].name}: objects name different owners; ${refOf(
        named[0].from,
      )} (first in cluster order) wins with ${owner} over ${[
        ...new Set(others.map(n => `${refOf(n.from)} (${n.owner})`)),
      ].join(', ')}`,
    );
  }
  return owner;
}

function clusterState(object: TenantObject): TenantClusterState {
  return {
    cluster: object.cluster,
    source: object.source,
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.namespace,
    name: object.name,
    ...(object.compositeName ? { compositeName: object.compositeName } : {}),
    ready: object.ready,
    synced: object.synced,
    conditions: object.conditions,
  };
}

function composedEntities(
  tenant: Entity,
  objects: TenantObject[],
  options: TenantEntityOptions,
  warnings: string[],
): Entity[] {
  const byName = new Map<
    string,
    { ref: ComposedResourceRef; clusters: string[] }
  >();
  for (const object of objects) {
    const refs =
      object.source === 'composite'
        ? object.composedRefs
        : (object.compositeName &&
            options.composedRefsOf(object.cluster, object.compositeName)) ||
          [];
    for (const ref of refs) {
      const name = `${tenant.metadata.name}-${ref.kind.toLowerCase()}-${
        ref.name
      }`;
      if (!/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(name)) {
        warnings.push(
          `${object.cluster}: composed ${ref.kind} ${ref.name} of tenant ${tenant.metadata.name} makes no valid entity name ('${name}'); skipped`,
        );
        continue;
      }
      const entry = byName.get(name) ?? { ref, clusters: [] };
      if (!entry.clusters.includes(object.cluster)) {
        entry.clusters.push(object.cluster);
      }
      byName.set(name, entry);
    }
  }
  return [...byName].map(([name, { ref, clusters }]) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      title: `${ref.kind} ${ref.name}`,
      description: `${ref.kind} ${ref.name} (${ref.apiVersion}) composed by Crossplane for tenant ${tenant.metadata.name}`,
      annotations: {
        [ANNOTATION_LOCATION]:
          tenant.metadata.annotations![ANNOTATION_LOCATION],
        [ANNOTATION_ORIGIN_LOCATION]:
          tenant.metadata.annotations![ANNOTATION_ORIGIN_LOCATION],
        [TENANT_CLUSTERS_ANNOTATION]: clusters.join(','),
        ...(ref.namespace
          ? { [CROSSPLANE_NAMESPACE_ANNOTATION]: ref.namespace }
          : {}),
      },
      tags: ['crossplane'],
    },
    spec: {
      type: ref.kind.toLowerCase(),
      owner: tenant.spec!.owner,
      dependencyOf: [stringifyEntityRef(tenant)],
    },
  }));
}

/**
 * The entity of one tenant from every object of that name, in any cluster: one
 * `Resource` of `spec.type: bookstore-tenant` recording each cluster and its
 * readiness, owned by the first team label, else the first
 * `spec.parameters.owner`, else the fallback owner (clusters in config order).
 * With `composedResources`, the composed resources follow as entities too.
 */
export function buildTenantEntities(
  objects: TenantObject[],
  options: TenantEntityOptions,
): TenantEntities {
  const warnings: string[] = [];
  if (objects.length === 0) {
    return { entities: [], warnings };
  }
  const order = [...options.clusterUrls.keys()];
  const byOrder = [...objects].sort(
    (a, b) =>
      order.indexOf(a.cluster) - order.indexOf(b.cluster) ||
      a.namespace.localeCompare(b.namespace) ||
      compareCodePoints(a.name, b.name),
  );
  const primary = byOrder[0];
  // The catalog compares names ignoring case: one spelling only, the first.
  const sorted = byOrder.filter(o => o.name === primary.name);
  for (const other of byOrder.filter(o => o.name !== primary.name)) {
    warnings.push(
      `${refOf(other)}: its name differs from ${refOf(
        primary,
      )} only by case, and the catalog holds one entity for both; skipped`,
    );
  }
  const withParameters = (key: 'displayName' | 'tier') =>
    sorted.find(o => o[key])?.[key];
  const displayName = withParameters('displayName');
  const tier = withParameters('tier');
  const regions = [...new Set(sorted.flatMap(o => o.regions))];
  const clusters = [...new Set(sorted.map(o => o.cluster))];
  const location = `url:${objectUrl(
    options.clusterUrls.get(primary.cluster) ?? '',
    primary,
    options.plurals[primary.source],
  )}`;
  const tenant: TenantEntityDetails = {
    ...(displayName ? { displayName } : {}),
    ...(tier ? { tier } : {}),
    regions,
    clusters: sorted.map(clusterState),
  };
  const team = teamLabelOf(primary, options, []);
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: primary.name,
      namespace: 'default',
      ...(displayName ? { title: displayName } : {}),
      description: `BookstoreTenant ${primary.name}${
        tier ? `, ${tier} tier` : ''
      }${regions.length ? `, in ${regions.join(', ')}` : ''}`,
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [TENANT_CLUSTERS_ANNOTATION]: clusters.join(','),
        [TENANT_PROVIDER_ANNOTATION]: options.providerName,
        [CROSSPLANE_NAMESPACE_ANNOTATION]: primary.namespace,
        ...(primary.source === 'claim'
          ? { [CROSSPLANE_CLAIM_NAME_ANNOTATION]: primary.name }
          : {}),
        ...(primary.compositeName
          ? { [CROSSPLANE_COMPOSITE_NAME_ANNOTATION]: primary.compositeName }
          : {}),
        [KUBERNETES_LABEL_SELECTOR_ANNOTATION]:
          primary.source === 'claim'
            ? `crossplane.io/claim-name=${primary.name}`
            : `crossplane.io/composite=${primary.name}`,
      },
      ...(team ? { labels: { [options.teamLabel]: team } } : {}),
      tags: ['crossplane', ...(tier ? [tier] : [])].filter(t =>
        /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/.test(t),
      ),
    },
    spec: {
      type: TENANT_ENTITY_TYPE,
      owner: ownerOf(sorted, options, warnings),
      tenant,
    },
  };
  return {
    entities: [
      entity,
      ...(options.composedResources
        ? composedEntities(entity, sorted, options, warnings)
        : []),
    ],
    warnings,
  };
}
