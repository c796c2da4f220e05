import { runHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, Metadata, RunState } from "@trigger-realtime/core";
import { bindAtom } from "./bind-store.js";
import { followHook, reactiveSubscription } from "./follow.js";
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
  const { atom, subscribe } = bindAtom(runHook<TTask, TMetadata>, [runId, options]);
  return { subscribe, stop: atom.stop };
}

/** The run `runId`, live, as `run.current`; follows getters (`useRun(() => id)`). */
export function useRun<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  runId: MaybeGetter<string | undefined>,
  options?: MaybeGetter<RunOptions<TTask, TMetadata> | undefined>,
): ReactiveSubscription<RunState<TTask, TMetadata>> {
  return reactiveSubscription(followHook(runHook<TTask, TMetadata>, () => [read(runId), read(options)] as const));
}
