import type {
  TenantClusterState,
  TenantCondition,
} from '@internal/plugin-bookstore-tenant-common';

/** A composed resource a composite lists in `spec.resourceRefs`. */
export interface ComposedResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * A claim or a Crossplane v2 namespaced composite, read from one cluster and
 * reduced to what the catalog needs (the raw object is not kept).
 */
export interface TenantObject
  extends Omit<TenantClusterState, 'ready' | 'synced'> {
  ready: TenantCondition['status'];
  synced: TenantCondition['status'];
  labels: Record<string, string>;
  owner?: string;
  displayName?: string;
  tier?: string;
  regions: string[];
  /** A v2 XR's own composed resources; a claim's are its composite's. */
  composedRefs: ComposedResourceRef[];
}

/** A cluster-scoped (Crossplane v1) composite: only its composed resources matter. */
export interface CompositeObject {
  name: string;
  composedRefs: ComposedResourceRef[];
}

/** What became of one object: the tenant, a v1 composite, or why it was skipped. */
export type ParsedObject =
  | { type: 'tenant'; tenant: TenantObject }
  | { type: 'composite'; composite: CompositeObject }
  | { type: 'malformed'; ref: string; problem: string };

/** Where an object came from: its cluster and collection. */
export interface ObjectOrigin {
  cluster: string;
  source: 'claim' | 'composite';
}

// The catalog's rule for metadata.name: at most 63 characters, alphanumerics
// separated by -, _ or .
const ENTITY_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const CONDITION_STATUSES = new Set(['True', 'False', 'Unknown']);

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function readConditions(status: unknown): TenantCondition[] {
  const conditions = isRecord(status) ? status.conditions : undefined;
  if (!Array.isArray(conditions)) {
    return [];
  }
  return conditions.flatMap(condition => {
    if (!isRecord(condition) || typeof condition.type !== 'string') {
      return [];
    }
    return [
      {
        type: condition.type,
        status: CONDITION_STATUSES.has(condition.status)
          ? condition.status
          : 'Unknown',
        ...(optionalString(condition.reason)
          ? { reason: condition.reason }
          : {}),
        ...(optionalString(condition.message)
          ? { message: condition.message }
          : {}),
      },
    ];
  });
}

function readComposedRefs(refs: unknown): ComposedResourceRef[] {
  if (!Array.isArray(refs)) {
    return [];
  }
  return refs.flatMap(ref =>
    isRecord(ref) &&
    typeof ref.apiVersion === 'string' &&
    typeof ref.kind === 'string' &&
    typeof ref.name === 'string'
      ? [
          {
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            name: ref.name,
            ...(optionalString(ref.namespace)
              ? { namespace: ref.namespace }
              : {}),
          },
        ]
      : [],
  );
}

function statusOf(
  conditions: TenantCondition[],
  type: string,
): TenantCondition['status'] {
  return conditions.find(c => c.type === type)?.status ?? 'Unknown';
}

/**
 * Reads one object of a watched collection. Claims and namespaced composites
 * (Crossplane v2) are tenants; cluster-scoped composites (Crossplane v1, the
 * claims' composites) only carry composed resources. Anything the catalog could
 * not hold is `malformed`, with the reason.
 */
export function parseTenantObject(
  object: unknown,
  origin: ObjectOrigin,
): ParsedObject {
  const metadata = isRecord(object) ? object.metadata : undefined;
  const name = isRecord(metadata) ? optionalString(metadata.name) : undefined;
  const namespace = isRecord(metadata)
    ? optionalString(metadata.namespace)
    : undefined;
  const ref = `${origin.cluster}/${namespace ?? '-'}/${name ?? '?'}`;
  if (!isRecord(object) || !isRecord(metadata) || !name) {
    return { type: 'malformed', ref, problem: 'it has no metadata.name' };
  }
  const spec = object.spec;
  if (origin.source === 'composite' && !namespace) {
    return {
      type: 'composite',
      composite: {
        name,
        composedRefs: readComposedRefs(isRecord(spec) ? spec.resourceRefs : []),
      },
    };
  }
  if (!namespace) {
    return { type: 'malformed', ref, problem: 'it has no metadata.namespace' };
  }
  if (!ENTITY_NAME.test(name)) {
    return {
      type: 'malformed',
      ref,
      problem: `its name is not a valid catalog entity name (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)`,
    };
  }
  if (!isRecord(spec)) {
    return { type: 'malformed', ref, problem: 'it has no spec' };
  }
  const parameters = spec.parameters;
  if (!isRecord(parameters)) {
    return { type: 'malformed', ref, problem: 'it has no spec.parameters' };
  }
  if (parameters.regions !== undefined && !Array.isArray(parameters.regions)) {
    return {
      type: 'malformed',
      ref,
      problem: 'spec.parameters.regions is not a list',
    };
  }
  const conditions = readConditions(object.status);
  const labels = isRecord(metadata.labels)
    ? Object.fromEntries(
        Object.entries(metadata.labels).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string',
        ),
      )
    : {};
  const crossplane = isRecord(spec.crossplane) ? spec.crossplane : {};
  const compositeName =
    origin.source === 'composite'
      ? name
      : optionalString(isRecord(spec.resourceRef) ? spec.resourceRef.name : '');
  return {
    type: 'tenant',
    tenant: {
      cluster: origin.cluster,
      source: origin.source,
      apiVersion: optionalString(object.apiVersion) ?? '',
      kind: optionalString(object.kind) ?? '',
      namespace,
      name,
      ...(compositeName ? { compositeName } : {}),
      ready: statusOf(conditions, 'Ready'),
      synced: statusOf(conditions, 'Synced'),
      conditions,
      labels,
      owner: optionalString(parameters.owner),
      displayName: optionalString(parameters.displayName),
      tier: optionalString(parameters.tier),
      regions: ((parameters.regions as unknown[]) ?? []).filter(
        (region): region is string => typeof region === 'string',
      ),
      composedRefs:
        origin.source === 'composite'
          ? readComposedRefs(crossplane.resourceRefs ?? spec.resourceRefs)
          : [],
    },
  };
}
