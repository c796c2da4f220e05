import { selectRunsWithTagStore, type AnyTask, type Metadata, type RunsState } from "@trigger-realtime/core";
import { authSource, withAuth } from "./auth.js";
import { realtimeStore } from "./bind-store.js";
import { follow, reactiveSubscription } from "./follow.js";
import { read } from "./getter.js";
import type { MaybeGetter, ReactiveSubscription, RunsStore, RunsWithTagOptions } from "./types.js";

/** Every run carrying all of `tag` (one tag or several, combined with AND), live, oldest first: `$runs.runs`. */
export function runsWithTagStore<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  tag: string | string[] | undefined,
  options?: RunsWithTagOptions,
): RunsStore<TTask, TMetadata> {
  return realtimeStore(selectRunsWithTagStore<TTask, TMetadata>(tag, withAuth(authSource(), options)));
}

/** `runsWithTagStore` as `runs.current`; follows getters. */
export function useRunsWithTag<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  tag: MaybeGetter<string | string[] | undefined>,
  options?: MaybeGetter<RunsWithTagOptions | undefined>,
): ReactiveSubscription<RunsState<TTask, TMetadata>> {
  const auth = authSource();
  return reactiveSubscription(follow(() => selectRunsWithTagStore<TTask, TMetadata>(read(tag), withAuth(auth, read(options)))));
}
