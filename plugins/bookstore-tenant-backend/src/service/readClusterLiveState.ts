import { InputError } from '@backstage/errors';
import {
  TenantClusterLiveState,
  TenantClusterState,
  TenantLiveEvent,
  TenantLiveError,
  TenantLiveResource,
} from '@internal/plugin-bookstore-tenant-common';
import {
  KubernetesApiClient,
  kubernetesError,
  KubernetesObject,
} from '@internal/plugin-bookstore-tenant-node';
import { ApiDiscovery } from '../kubernetes/ApiDiscovery';
import { composedRefsOf, compositeRefOf } from '../lib/crossplaneRefs';
import { KubernetesEvent, recentEvents } from '../lib/recentEvents';
import { ObjectRef, summarizeResource } from '../lib/summarizeResource';
import { toLiveError } from '../lib/toLiveError';

/** One cluster's API: its client and its discovery cache. */
export interface ClusterConnection {
  client: KubernetesApiClient;
  discovery: ApiDiscovery;
}

/** An object that was read (with `object`), or could not be (its `resource` carries the error). */
interface ReadResult {
  resource: TenantLiveResource;
  object?: Record<string, any>;
}

const EVENTS_PAGE_SIZE = 500;

function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/**
 * Reads an object, resolving its kind with discovery. A namespaced kind without
 * a namespace in `ref` takes `defaultNamespace` (a Crossplane v2 XR's own).
 * Fails when it cannot be read, a 404 included.
 */
async function readObject(
  { client, discovery }: ClusterConnection,
  ref: ObjectRef,
  defaultNamespace?: string,
): Promise<{ ref: ObjectRef; object: Record<string, any> }> {
  const { namespaced, ...api } = await discovery.resolve(
    ref.apiVersion,
    ref.kind,
  );
  const namespace = namespaced ? ref.namespace ?? defaultNamespace : undefined;
  const resolved: ObjectRef = {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    name: ref.name,
    ...(namespace ? { namespace } : {}),
  };
  if (namespaced && !namespace) {
    throw new InputError(
      `Kubernetes cluster ${client.clusterName}: ${describeRef(
        ref,
      )} is namespaced but its reference names no namespace`,
    );
  }
  const object = await client.getObject({ ...api, namespace, name: ref.name });
  if (!object) {
    const detail = `${describeRef(resolved)} not found`;
    throw kubernetesError({
      cluster: client.clusterName,
      statusCode: 404,
      reason: 'NotFound',
      detail,
      summary: detail,
    });
  }
  return { ref: resolved, object };
}

/** Like `readObject`, but a failure is kept on the result instead of thrown. */
async function readResource(
  connection: ClusterConnection,
  ref: ObjectRef,
  defaultNamespace?: string,
): Promise<ReadResult> {
  try {
    const read = await readObject(connection, ref, defaultNamespace);
    return {
      resource: summarizeResource(read.ref, read.object),
      object: read.object,
    };
  } catch (error) {
    return {
      resource: { ...ref, conditions: [], error: toLiveError(error) },
    };
  }
}

/** The composite (the claim's, or the XR itself) and what it composed. */
async function readComposition(
  connection: ClusterConnection,
  source: TenantClusterState['source'],
  own: ReadResult,
): Promise<Pick<TenantClusterLiveState, 'composite' | 'composed'>> {
  let composite = own;
  if (source === 'claim') {
    const compositeRef = compositeRefOf(own.object ?? {});
    if (!compositeRef) {
      return { composed: [] };
    }
    composite = await readResource(connection, compositeRef);
  }
  if (!composite.object) {
    return { composite: composite.resource, composed: [] };
  }
  const composed = await Promise.all(
    composedRefsOf(composite.object).map(ref =>
      readResource(connection, ref, composite.resource.namespace),
    ),
  );
  return {
    composite: composite.resource,
    composed: composed.map(c => c.resource),
  };
}

/** The recent events of an object, or why they could not be read. */
async function readEvents(
  { client }: ClusterConnection,
  ref: ObjectRef,
): Promise<{ events: TenantLiveEvent[]; eventsError?: TenantLiveError }> {
  const events: KubernetesEvent[] = [];
  let page: string | undefined;
  try {
    do {
      const list = await client.listObjects<KubernetesEvent & KubernetesObject>(
        {
          group: '',
          version: 'v1',
          plural: 'events',
          namespace: ref.namespace,
        },
        {
          fieldSelector: `involvedObject.name=${ref.name},involvedObject.kind=${ref.kind}`,
          limit: EVENTS_PAGE_SIZE,
          continue: page,
        },
      );
      events.push(...list.items);
      page = list.metadata.continue;
    } while (page);
  } catch (error) {
    return { events: [], eventsError: toLiveError(error) };
  }
  return { events: recentEvents(events) };
}

/**
 * A tenant in one cluster, read live: its claim (or Crossplane v2 XR), the
 * composite, the composed resources and the recent events. The composite, the
 * composed resources and the events are read in parallel with each other where
 * they can be, and each carries its own error. Fails when the claim (or XR)
 * itself cannot be read: that is the cluster's error.
 */
export async function readClusterLiveState(
  connection: ClusterConnection,
  entry: TenantClusterState,
): Promise<TenantClusterLiveState> {
  const ownRef: ObjectRef = {
    apiVersion: entry.apiVersion,
    kind: entry.kind,
    name: entry.name,
    namespace: entry.namespace,
  };
  const read = await readObject(connection, ownRef);
  const own = {
    resource: summarizeResource(read.ref, read.object),
    object: read.object,
  };
  const [composition, events] = await Promise.all([
    readComposition(connection, entry.source, own),
    readEvents(connection, read.ref),
  ]);
  return {
    cluster: entry.cluster,
    namespace: entry.namespace,
    name: entry.name,
    ...(entry.source === 'claim' ? { claim: own.resource } : {}),
    ...composition,
    ...events,
  };
}
