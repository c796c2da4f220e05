import { toValue, type MaybeRefOrGetter, type Ref } from "vue";
import { selectBatchStore, selectRunsWithTagStore, type AnyTask, type Metadata, type RunsState } from "@trigger-realtime/core";
import { bindStore, fieldRefs } from "./bind-store.js";
import { useOptions } from "./options.js";
import type { UseBatchOptions, UseRunsWithTagOptions } from "./types.js";

/** Every run carrying all of `tags`, live, oldest first: `{ runs, error, status, isLoading, stop }`. */
export function useRunsWithTag<TTask = AnyTask, TMetadata = Metadata>(
  tags: MaybeRefOrGetter<string | string[] | undefined>,
  options?: MaybeRefOrGetter<UseRunsWithTagOptions | undefined>,
) {
  const resolve = useOptions(options);
  const { store, state } = bindStore(() => selectRunsWithTagStore<TTask, TMetadata>(toValue(tags), resolve()));
  return { ...fieldRefs(state as Readonly<Ref<RunsState<TTask, TMetadata>>>, ["runs", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}

/** Every run of the batch, live: `{ runs, error, status, isLoading, stop }`. */
export function useBatch<TTask = AnyTask, TMetadata = Metadata>(
  batchId: MaybeRefOrGetter<string | undefined>,
  options?: MaybeRefOrGetter<UseBatchOptions | undefined>,
) {
  const resolve = useOptions(options);
  const { store, state } = bindStore(() => selectBatchStore<TTask, TMetadata>(toValue(batchId), resolve()));
  return { ...fieldRefs(state as Readonly<Ref<RunsState<TTask, TMetadata>>>, ["runs", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}
