import { runWithStreamsHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, Metadata, RunWithStreamsState, StreamsRecord } from "@trigger-realtime/core";
import { bindAtom } from "./bind-store.js";
import { followHook, reactiveSubscription } from "./follow.js";
import { read } from "./getter.js";
import type { MaybeGetter, ReactiveSubscription, RunOptions, RunWithStreamsStore } from "./types.js";

/** The run `runId` and the parts of every stream it writes, live (`$run.streams.text`, …). */
export function runWithStreamsStore<TTask extends AnyTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>(
  runId: string | undefined,
  options?: RunOptions<TTask, TMetadata>,
): RunWithStreamsStore<TTask, TStreams, TMetadata> {
  const { atom, subscribe } = bindAtom(runWithStreamsHook<TTask, TStreams, TMetadata>, [runId, options]);
  return { subscribe, stop: atom.stop };
}

/** `runWithStreamsStore` as `run.current`; follows getters. */
export function useRunWithStreams<TTask extends AnyTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>(
  runId: MaybeGetter<string | undefined>,
  options?: MaybeGetter<RunOptions<TTask, TMetadata> | undefined>,
): ReactiveSubscription<RunWithStreamsState<TTask, TStreams, TMetadata>> {
  return reactiveSubscription(followHook(runWithStreamsHook<TTask, TStreams, TMetadata>, () => [read(runId), read(options)] as const));
}
