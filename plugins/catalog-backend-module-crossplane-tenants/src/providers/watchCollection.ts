import {
  getKubernetesFailure,
  KubernetesApiClient,
  KubernetesObject,
  KubernetesObjectRef,
  WatchEvent,
} from '@internal/plugin-bookstore-tenant-node';

/** What {@link watchCollection} reports to its owner. */
export interface WatchCallbacks {
  /** An ADDED, MODIFIED or DELETED object. */
  onChange(
    type: 'ADDED' | 'MODIFIED' | 'DELETED',
    object: KubernetesObject,
  ): void;
  /**
   * The version is gone (410): list again and return the new version to watch
   * from; throw when the list fails (the watch then retries later).
   */
  relist(): Promise<string>;
  /** The watch failed (the cluster is down, forbids it, …); it retries after a pause. */
  onError(error: Error): void;
  /** The watch is open again after failing. */
  onRecovered(): void;
}

/** Options of {@link watchCollection}. */
export interface WatchCollectionOptions {
  client: KubernetesApiClient;
  ref: KubernetesObjectRef;
  /** The version of the list the caller holds. */
  resourceVersion: string;
  signal: AbortSignal;
  /** How long each watch request stays open. Default 300 s. */
  timeoutSeconds?: number;
  /** The first pause after a failure; doubled up to 60 s. Default 1 s. */
  retryDelayMs?: number;
}

class Gone extends Error {}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/**
 * Keeps watching a collection until `signal` aborts: it follows the version
 * through events and bookmarks, reopens the watch when the server ends it, lists
 * again on 410 Gone, and on any other failure reports it and retries with
 * backoff from the last version it saw.
 */
export async function watchCollection(
  options: WatchCollectionOptions,
  callbacks: WatchCallbacks,
): Promise<void> {
  const { client, ref, signal } = options;
  const firstDelay = options.retryDelayMs ?? 1000;
  const state = {
    resourceVersion: options.resourceVersion,
    failing: false,
    delay: firstDelay,
  };
  const recovered = () => {
    if (state.failing) {
      state.failing = false;
      callbacks.onRecovered();
    }
    state.delay = firstDelay;
  };
  const onEvent = (event: WatchEvent<KubernetesObject>) => {
    if (event.type === 'ERROR') {
      if (event.object.code === 410) {
        throw new Gone(event.object.message);
      }
      throw new Error(
        `Kubernetes cluster ${client.clusterName}: watch error ${
          event.object.code ?? ''
        } ${event.object.reason ?? ''}: ${event.object.message ?? ''}`,
      );
    }
    recovered();
    if (event.type === 'BOOKMARK') {
      state.resourceVersion = event.object.metadata.resourceVersion;
      return;
    }
    const version = event.object.metadata?.resourceVersion;
    callbacks.onChange(event.type, event.object);
    if (version) {
      state.resourceVersion = version;
    }
  };

  while (!signal.aborted) {
    try {
      await client.watchObjects(
        ref,
        {
          resourceVersion: state.resourceVersion,
          timeoutSeconds: options.timeoutSeconds ?? 300,
          signal,
        },
        onEvent,
      );
      recovered();
    } catch (error) {
      if (signal.aborted) {
        return;
      }
      try {
        if (
          !(error instanceof Gone) &&
          getKubernetesFailure(error)?.statusCode !== 410
        ) {
          throw error;
        }
        state.resourceVersion = await callbacks.relist();
        recovered();
      } catch (failure) {
        state.failing = true;
        callbacks.onError(failure as Error);
        await pause(state.delay, signal);
        state.delay = Math.min(state.delay * 2, 60_000);
      }
    }
  }
}
