import { toValue, type MaybeRefOrGetter } from "vue";
import { selectAction, taskTrigger, type AnyTask, type TaskIdentifier, type TaskPayload, type TriggerOptions, type TriggerState } from "@trigger-realtime/core";
import { bindStore } from "./bind-store.js";
import { useOptions } from "./options.js";
import { readonlyRefs } from "./readonly-refs.js";
import type { OptionsInput, UseTaskTriggerOptions, UseTaskTriggerReturn } from "./types.js";

const idle: TriggerState<any> = { handle: undefined, error: undefined, isLoading: false };

/** Triggers the task `taskId`; `submit(payload, options?)` resolves with the run's handle. */
export function useTaskTrigger<TTask = AnyTask>(
  taskId: MaybeRefOrGetter<TaskIdentifier<TTask>>,
  options?: OptionsInput<UseTaskTriggerOptions>,
): UseTaskTriggerReturn<TTask> {
  const resolved = useOptions(options);
  const { store, state } = bindStore(
    "useTaskTrigger",
    () => [toValue(taskId), resolved.value],
    () => selectAction(resolved.value, idle as TriggerState<TTask>, (client) => taskTrigger<TTask>(client, toValue(taskId))),
  );
  const submit = (payload: TaskPayload<TTask>, triggerOptions?: TriggerOptions) => store.value.submit(payload, triggerOptions);
  return { ...readonlyRefs(state, ["handle", "error", "isLoading"]), submit };
}
