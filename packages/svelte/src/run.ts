import { selectRunStore, type AnyTask, type Metadata, type RunState } from "@trigger-realtime/core";
import { authSource, withAuth } from "./auth.js";
import { realtimeStore } from "./bind-store.js";
import { runCompletion } from "./callbacks.js";
import { follow, reactiveSubscription } from "./follow.js";
import { read } from "./getter.js";
import type { MaybeGetter, ReactiveSubscription, RunOptions, RunStore } from "./types.js";

/**
 * The run `runId`, live, as a store: `const run = runStore(id)`, then `$run.run`, `$run.error`,
 * `$run.status`. Every store on the same run (same token and options) shares one connection.
 * Wrap the call in `$derived` to follow an id that changes.
 */
export function runStore<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  runId: string | undefined,
  options?: RunOptions<TTask, TMetadata>,
): RunStore<TTask, TMetadata> {
  const store = selectRunStore<TTask, TMetadata>(runId, withAuth(authSource(), options));
  return realtimeStore(store, { attach: runCompletion(() => options?.onComplete) });
}

/** The run `runId`, live, as `run.current`; follows getters (`useRun(() => id)`). */
export function useRun<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  runId: MaybeGetter<string | undefined>,
  options?: MaybeGetter<RunOptions<TTask, TMetadata> | undefined>,
): ReactiveSubscription<RunState<TTask, TMetadata>> {
  const auth = authSource();
  const followed = follow(() => selectRunStore<TTask, TMetadata>(read(runId), withAuth(auth, read(options))), {
    attach: runCompletion(() => read(options)?.onComplete),
  });
  return reactiveSubscription(followed);
}
