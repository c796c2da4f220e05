import { toValue, type MaybeRefOrGetter } from "vue";
import { realtimeTaskTriggerHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, StreamsRecord, TaskIdentifier, TaskPayload, TriggerOptions } from "@trigger-realtime/core";
import { bindHook } from "./bind-hook.js";
import { readonlyRefs } from "./readonly-refs.js";
import { resolveFields } from "./resolve-fields.js";
import type { OptionsInput, UseRealtimeTaskTriggerOptions, UseRealtimeTaskTriggerReturn } from "./types.js";

/**
 * Triggers the task `taskId` and follows each run it creates, live, with the run's own token
 * (`withStreams: true` follows its streams too; `enabled: false` only triggers).
 */
export function useRealtimeTaskTrigger<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord>(
  taskId: MaybeRefOrGetter<TaskIdentifier<TTask>>,
  options?: OptionsInput<UseRealtimeTaskTriggerOptions<TTask>>,
): UseRealtimeTaskTriggerReturn<TTask, TStreams> {
  const { store, state } = bindHook("useRealtimeTaskTrigger", realtimeTaskTriggerHook<TTask, TStreams>, () => [
    toValue(taskId),
    resolveFields(options),
  ] as const);
  const submit = (payload: TaskPayload<TTask>, triggerOptions?: TriggerOptions) => store.value.submit(payload, triggerOptions);
  return { ...readonlyRefs(state, ["handle", "run", "streams", "error", "isLoading", "status"]), submit, stop: () => store.value.stop() };
}
