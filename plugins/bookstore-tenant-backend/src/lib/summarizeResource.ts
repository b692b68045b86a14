import {
  TenantCondition,
  TenantLiveResource,
} from '@internal/plugin-bookstore-tenant-common';

/** What identifies an object: its API, kind, name and, if namespaced, namespace. */
export type ObjectRef = Pick<
  TenantLiveResource,
  'apiVersion' | 'kind' | 'name' | 'namespace'
>;

const STATUSES: ReadonlyArray<TenantCondition['status']> = [
  'True',
  'False',
  'Unknown',
];

function conditionsOf(object: Record<string, any>): TenantCondition[] {
  const conditions = object.status?.conditions;
  if (!Array.isArray(conditions)) {
    return [];
  }
  return conditions
    .filter(c => typeof c?.type === 'string')
    .map(c => ({
      type: c.type,
      status: STATUSES.includes(c.status) ? c.status : 'Unknown',
      ...(typeof c.reason === 'string' && c.reason ? { reason: c.reason } : {}),
      ...(typeof c.message === 'string' && c.message
        ? { message: c.message }
        : {}),
    }));
}

/**
 * An object as the Tenant tab shows it: its identity, its conditions without
 * timestamps, and the status of its `Ready` and `Synced` conditions when it has them.
 */
export function summarizeResource(
  ref: ObjectRef,
  object: Record<string, any>,
): TenantLiveResource {
  const conditions = conditionsOf(object);
  const status = (type: string) =>
    conditions.find(c => c.type === type)?.status;
  const ready = status('Ready');
  const synced = status('Synced');
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    name: ref.name,
    ...(ref.namespace ? { namespace: ref.namespace } : {}),
    ...(ready ? { ready } : {}),
    ...(synced ? { synced } : {}),
    conditions,
  };
}
