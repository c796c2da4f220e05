import { selectRunWithStreamsStore, type AnyTask, type Metadata, type RunWithStreamsState, type StreamsRecord } from "@trigger-realtime/core";
import { authSource, withAuth } from "./auth.js";
import { realtimeStore } from "./bind-store.js";
import { runCompletion } from "./callbacks.js";
import { follow, reactiveSubscription } from "./follow.js";
import { read } from "./getter.js";
import type { MaybeGetter, ReactiveSubscription, RunOptions, RunWithStreamsStore } from "./types.js";

/** The run `runId` and the parts of every stream it writes, live (`$run.streams.text`, …). */
export function runWithStreamsStore<TTask extends AnyTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>(
  runId: string | undefined,
  options?: RunOptions<TTask, TMetadata>,
): RunWithStreamsStore<TTask, TStreams, TMetadata> {
  const store = selectRunWithStreamsStore<TTask, TStreams, TMetadata>(runId, withAuth(authSource(), options));
  return realtimeStore(store, { attach: runCompletion(() => options?.onComplete) });
}

/** `runWithStreamsStore` as `run.current`; follows getters. */
export function useRunWithStreams<TTask extends AnyTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>(
  runId: MaybeGetter<string | undefined>,
  options?: MaybeGetter<RunOptions<TTask, TMetadata> | undefined>,
): ReactiveSubscription<RunWithStreamsState<TTask, TStreams, TMetadata>> {
  const auth = authSource();
  const followed = follow(() => selectRunWithStreamsStore<TTask, TStreams, TMetadata>(read(runId), withAuth(auth, read(options))), {
    attach: runCompletion(() => read(options)?.onComplete),
  });
  return reactiveSubscription(followed);
}
