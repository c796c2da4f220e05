import { runsWithTagHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, Metadata, RunsState } from "@trigger-realtime/core";
import { bindAtom } from "./bind-store.js";
import { followHook, reactiveSubscription } from "./follow.js";
import { read } from "./getter.js";
import type { MaybeGetter, ReactiveSubscription, RunsStore, RunsWithTagOptions } from "./types.js";

/** Every run carrying all of `tag` (one tag or several, combined with AND), live, oldest first: `$runs.runs`. */
export function runsWithTagStore<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  tag: string | string[] | undefined,
  options?: RunsWithTagOptions,
): RunsStore<TTask, TMetadata> {
  const { atom, subscribe } = bindAtom(runsWithTagHook<TTask, TMetadata>, [tag, options]);
  return { subscribe, stop: atom.stop };
}

/** `runsWithTagStore` as `runs.current`; follows getters. */
export function useRunsWithTag<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  tag: MaybeGetter<string | string[] | undefined>,
  options?: MaybeGetter<RunsWithTagOptions | undefined>,
): ReactiveSubscription<RunsState<TTask, TMetadata>> {
  return reactiveSubscription(followHook(runsWithTagHook<TTask, TMetadata>, () => [read(tag), read(options)] as const));
}
