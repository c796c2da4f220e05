import { useMemo } from "react";
import { selectRunsWithTagStore, type AnyTask, type Metadata } from "@trigger-realtime/core";
import type { UseRealtimeRunsInstance, UseRealtimeRunsWithTagOptions } from "./types.js";
import { columnsKey, storeKey, throttleKey, useMergedOptions } from "./use-options.js";
import { useStore } from "./use-store.js";

/** Every run carrying all of `tag` (one tag or several, AND), live, oldest first. */
export function useRealtimeRunsWithTag<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  tag: string | string[],
  options?: UseRealtimeRunsWithTagOptions,
): UseRealtimeRunsInstance<TTask, TMetadata> {
  const merged = useMergedOptions(options);
  const tags = typeof tag === "string" ? [tag] : tag;
  const key = storeKey(merged, tags, merged.createdAt, columnsKey(merged.skipColumns), throttleKey(merged));
  // Re-picked only when a value the store depends on changes (`key`), not on new object identities.
  const store = useMemo(() => selectRunsWithTagStore<TTask, TMetadata>(tag, merged), [key]);
  const { runs, error, isLoading, status } = useStore(store);
  const stop = store.stop; // stable per store, safe to call detached
  return { runs, error, stop, isLoading, status };
}
