import {
  getKubernetesFailure,
  KubernetesApiClient,
  KubernetesObject,
  KubernetesObjectRef,
  WatchEvent,
} from '@internal/plugin-bookstore-tenant-node';
import { Backoff } from './Backoff';

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
   * `firstOfEpisode` is false while 410s keep coming without a healthy watch
   * in between (log once per episode).
   */
  relist(firstOfEpisode: boolean): Promise<string>;
  /** The watch failed (the cluster is down, forbids it, …); it retries after a pause. */
  onError(error: Error): void;
  /** The watch is open again after failing. */
  onRecovered(): void;
}

/** Options of {@link watchCollection}. */
export interface WatchCollectionOptions {
  client: Pick<KubernetesApiClient, 'clusterName' | 'watchObjects'>;
  ref: KubernetesObjectRef;
  /** The version of the list the caller holds. */
  resourceVersion: string;
  signal: AbortSignal;
  /** How long each watch request stays open. Default 300 s. */
  timeoutSeconds?: number;
  /** The first pause after a watch that ended unhealthy; doubled up to `maxRetryDelayMs`, jittered. Default 1 s. */
  retryDelayMs?: number;
  /** Default 60 s. */
  maxRetryDelayMs?: number;
  /** How long a watch must stay open to count as healthy, which alone resets the backoff. Default 30 s. */
  healthyAfterMs?: number;
  /** Waits between attempts; tests pass their own to see the delays. */
  pause?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The jitter's randomness, [0, 1). */
  random?: () => number;
  /** The clock, in ms. */
  now?: () => number;
}

class Gone extends Error {}

function pauseFor(ms: number, signal: AbortSignal): Promise<void> {
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
 * again on 410 Gone, and on any other failure reports it and retries from the
 * last version it saw. Every attempt after an unhealthy one (a watch that did
 * not stay open `healthyAfterMs`) waits a backoff that keeps growing — across
 * successful relists too — until a watch stays healthy; a first 410 after a
 * healthy watch relists at once (that is ordinary compaction).
 */
export async function watchCollection(
  options: WatchCollectionOptions,
  callbacks: WatchCallbacks,
): Promise<void> {
  const { client, ref, signal } = options;
  const pause = options.pause ?? pauseFor;
  const now = options.now ?? Date.now;
  const healthyAfterMs = options.healthyAfterMs ?? 30_000;
  const backoff = new Backoff({
    initialMs: options.retryDelayMs ?? 1000,
    maxMs: options.maxRetryDelayMs ?? 60_000,
    random: options.random,
  });
  const state = {
    resourceVersion: options.resourceVersion,
    failing: false,
  };
  const recovered = () => {
    if (state.failing) {
      state.failing = false;
      callbacks.onRecovered();
    }
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

  /** No unhealthy ending since the last healthy watch. */
  let calm = true;
  let relists = 0;
  while (!signal.aborted) {
    const opened = now();
    let outcome: 'ended' | 'gone' | 'failed' = 'ended';
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
    } catch (error) {
      if (signal.aborted) {
        return;
      }
      if (
        error instanceof Gone ||
        getKubernetesFailure(error)?.statusCode === 410
      ) {
        outcome = 'gone';
      } else {
        outcome = 'failed';
        state.failing = true;
        callbacks.onError(error as Error);
      }
    }
    if (now() - opened >= healthyAfterMs) {
      backoff.reset();
      calm = true;
      relists = 0;
    }
    const wait = !calm || outcome === 'failed';
    calm = false;
    if (wait) {
      await pause(backoff.next(), signal);
      if (signal.aborted) {
        return;
      }
    }
    if (outcome === 'gone') {
      try {
        const first = relists === 0;
        relists++;
        state.resourceVersion = await callbacks.relist(first);
        recovered();
      } catch (failure) {
        state.failing = true;
        callbacks.onError(failure as Error);
      }
    }
  }
}
