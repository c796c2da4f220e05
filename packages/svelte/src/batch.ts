import { batchHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, Metadata, RunsState } from "@trigger-realtime/core";
import { bindAtom } from "./bind-store.js";
import { followHook, reactiveSubscription } from "./follow.js";
import { read } from "./getter.js";
import type { BatchOptions, MaybeGetter, ReactiveSubscription, RunsStore } from "./types.js";

/** Every run of the batch `batchId`, live, oldest first: `$batch.runs`. */
export function batchStore<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  batchId: string | undefined,
  options?: BatchOptions,
): RunsStore<TTask, TMetadata> {
  const { atom, subscribe } = bindAtom(batchHook<TTask, TMetadata>, [batchId, options]);
  return { subscribe, stop: atom.stop };
}

/** `batchStore` as `batch.current`; follows getters. */
export function useBatch<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  batchId: MaybeGetter<string | undefined>,
  options?: MaybeGetter<BatchOptions | undefined>,
): ReactiveSubscription<RunsState<TTask, TMetadata>> {
  return reactiveSubscription(followHook(batchHook<TTask, TMetadata>, () => [read(batchId), read(options)] as const));
}
