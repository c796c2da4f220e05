import type { RealtimeClient } from "./client.js";
import type { RunsState, RunState, StreamState, SubscriptionStatus } from "./state.js";
import { runStore, type RunStoreOptions } from "./stores/run.js";
import { batchStore, runsWithTagStore, type RunsStoreOptions, type RunsWithTagStoreOptions } from "./stores/runs.js";
import { listenStreamParts, streamStore, type StreamStoreOptions } from "./stores/stream.js";
import type { SubscriptionStore } from "./stores/subscription.js";
import type { AnyTask, Metadata, RealtimeRun } from "./types.js";

type ServerSide<T> = Omit<T, "allowServer">;

/** Every new state of the run, until it finishes (with `stopOnCompletion`, the default). */
export function subscribeToRun<TTask = AnyTask, TMetadata = Metadata>(
  client: RealtimeClient,
  runId: string,
  options: ServerSide<RunStoreOptions> = {},
): AsyncIterableIterator<RealtimeRun<TTask, TMetadata>> {
  const store = runStore<TTask, TMetadata>(client, runId, { ...options, allowServer: true });
  return iterate(store, function* (state: RunState<TTask, TMetadata>, previous) {
    if (state.run && state.run !== previous?.run) yield state.run;
  });
}

/** Each run of the tag feed whenever it changes. Runs until the loop breaks. */
export function subscribeToRunsWithTag<TTask = AnyTask, TMetadata = Metadata>(
  client: RealtimeClient,
  tags: string | string[],
  options: ServerSide<RunsWithTagStoreOptions> = {},
): AsyncIterableIterator<RealtimeRun<TTask, TMetadata>> {
  return iterate(runsWithTagStore<TTask, TMetadata>(client, tags, { ...options, allowServer: true }), changedRuns<RealtimeRun<TTask, TMetadata>>);
}

/** Each run of the batch whenever it changes. Runs until the loop breaks. */
export function subscribeToBatch<TTask = AnyTask, TMetadata = Metadata>(
  client: RealtimeClient,
  batchId: string,
  options: ServerSide<RunsStoreOptions> = {},
): AsyncIterableIterator<RealtimeRun<TTask, TMetadata>> {
  return iterate(batchStore<TTask, TMetadata>(client, batchId, { ...options, allowServer: true }), changedRuns<RealtimeRun<TTask, TMetadata>>);
}

/** Every chunk of the stream, in order, until the server ends it. */
export function subscribeToStream<TPart = unknown>(
  client: RealtimeClient,
  runId: string,
  streamKey = "default",
  options: ServerSide<StreamStoreOptions> = {},
): AsyncIterableIterator<TPart> {
  const store = streamStore<TPart>(client, runId, streamKey, { ...options, allowServer: true });
  // The parts the store already holds, then each update's parts as they are published.
  return iterate(
    store,
    (state: StreamState<TPart>, previous) => (previous ? [] : state.parts),
    (push) => listenStreamParts(store, (parts) => parts.forEach((part) => push(part.chunk))),
  );
}

function* changedRuns<TRun>(state: RunsState<any, any>, previous: RunsState<any, any> | undefined): Generator<TRun> {
  if (state.runs === previous?.runs) return;
  const before = new Set(previous?.runs);
  for (const run of state.runs) if (!before.has(run)) yield run as TRun;
}

const ENDED: SubscriptionStatus[] = ["complete", "stopped"];

/**
 * Turns a store into an async iterator: values picked from each new state are queued until
 * read; an `error` status throws; a finished subscription ends the loop; leaving the loop
 * closes the connection when no one else listens.
 */
function iterate<S extends { status: SubscriptionStatus; error: Error | undefined }, T>(
  store: SubscriptionStore<S>,
  pick: (state: S, previous: S | undefined) => Iterable<T>,
  /** Values that arrive beside the state (a stream's parts), pushed as they are published. */
  listenValues?: (push: (value: T) => void) => () => void,
): AsyncIterableIterator<T> {
  const queue: T[] = [];
  let failure: Error | undefined;
  let done = false;
  let wake: (() => void) | undefined;
  let previous: S | undefined;

  const unlisten = store.subscribe((state) => {
    for (const value of pick(state as S, previous)) queue.push(value);
    previous = state as S;
    if (state.status === "error") failure = state.error;
    if (state.status === "error" || ENDED.includes(state.status)) done = true;
    wake?.();
  });
  const unlistenValues = listenValues?.((value) => {
    queue.push(value);
    wake?.();
  });

  const close = () => {
    done = true;
    unlistenValues?.();
    unlisten();
    if (store.lc === 0) store.stop();
  };

  const iterator: AsyncIterableIterator<T> = {
    async next() {
      for (;;) {
        if (queue.length > 0) return { value: queue.shift()!, done: false };
        if (failure) {
          const error = failure;
          failure = undefined;
          close();
          throw error;
        }
        if (done) {
          close();
          return { value: undefined, done: true };
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    },
    async return() {
      close();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
