import { runsWithTagHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, Metadata } from "@trigger-realtime/core";
import type { UseRealtimeRunsInstance, UseRealtimeRunsWithTagOptions } from "./types.js";
import { useHook } from "./use-hook.js";

/** Every run carrying all of `tag` (one tag or several, AND), live, oldest first. */
export function useRealtimeRunsWithTag<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  tag: string | string[],
  options?: UseRealtimeRunsWithTagOptions,
): UseRealtimeRunsInstance<TTask, TMetadata> {
  const { store, state } = useHook(runsWithTagHook<TTask, TMetadata>, [tag, options]);
  const { runs, error, isLoading, status } = state;
  return { runs, error, stop: store.stop, isLoading, status };
}
