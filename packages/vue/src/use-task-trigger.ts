import { toValue, type MaybeRefOrGetter } from "vue";
import { taskTriggerHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, TaskIdentifier, TaskPayload, TriggerOptions } from "@trigger-realtime/core";
import { bindHook } from "./bind-hook.js";
import { readonlyRefs } from "./readonly-refs.js";
import { resolveFields } from "./resolve-fields.js";
import type { OptionsInput, UseTaskTriggerOptions, UseTaskTriggerReturn } from "./types.js";

/** Triggers the task `taskId`; `submit(payload, options?)` resolves with the run's handle. */
export function useTaskTrigger<TTask = AnyTask>(
  taskId: MaybeRefOrGetter<TaskIdentifier<TTask>>,
  options?: OptionsInput<UseTaskTriggerOptions>,
): UseTaskTriggerReturn<TTask> {
  const { store, state } = bindHook("useTaskTrigger", taskTriggerHook<TTask>, () => [toValue(taskId), resolveFields(options)] as const);
  const submit = (payload: TaskPayload<TTask>, triggerOptions?: TriggerOptions) => store.value.submit(payload, triggerOptions);
  return { ...readonlyRefs(state, ["handle", "error", "isLoading"]), submit };
}
