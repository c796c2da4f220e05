import { taskTriggerHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, TaskIdentifier } from "@trigger-realtime/core";
import type { TriggerInstance, UseTaskTriggerOptions } from "./types.js";
import { useHook } from "./use-hook.js";

/** Triggers the task `id` from the browser (needs a token with trigger scope for it). */
export function useTaskTrigger<TTask extends AnyTask = AnyTask>(id: TaskIdentifier<TTask>, options?: UseTaskTriggerOptions): TriggerInstance<TTask> {
  const { store, state } = useHook(taskTriggerHook<TTask>, [id, options]);
  const { handle, error, isLoading } = state;
  return { submit: store.submit, isLoading, handle, error };
}
