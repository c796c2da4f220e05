import { useCallback, useMemo } from "react";
import {
  selectAction,
  taskTrigger,
  type AnyTask,
  type TaskIdentifier,
  type TaskPayload,
  type TriggerOptions,
  type TriggerState,
} from "@trigger-realtime/core";
import type { TriggerInstance, UseTaskTriggerOptions } from "./types.js";
import { storeKey, useMergedOptions } from "./use-options.js";
import { useStore } from "./use-store.js";

const idle: TriggerState<any> = { handle: undefined, error: undefined, isLoading: false };

/** Triggers the task `id` from the browser (needs a token with trigger scope for it). */
export function useTaskTrigger<TTask extends AnyTask = AnyTask>(
  id: TaskIdentifier<TTask>,
  options?: UseTaskTriggerOptions,
): TriggerInstance<TTask> {
  const merged = useMergedOptions(options);
  // Re-picked only when a value the store depends on changes (`key`), not on new object identities.
  const store = useMemo(() => selectAction(merged, idle, (client) => taskTrigger<TTask>(client, id)), [storeKey(merged, id)]);
  const { handle, error, isLoading } = useStore<TriggerState<TTask>>(store);
  const submit = useCallback((payload: TaskPayload<TTask>, triggerOptions?: TriggerOptions) => store.submit(payload, triggerOptions), [store]);
  return { submit, isLoading, handle, error };
}
