import { computed, toValue, type MaybeRefOrGetter } from "vue";
import {
  realtimeTaskTrigger,
  selectAction,
  taskTrigger,
  type AnyTask,
  type RealtimeTriggerState,
  type StreamsRecord,
  type TaskIdentifier,
  type TaskPayload,
  type TriggerOptions,
} from "@trigger-realtime/core";
import { bindStore } from "./bind-store.js";
import { useOptions } from "./options.js";
import { readonlyRefs } from "./readonly-refs.js";
import { completion } from "./run-complete.js";
import type { OptionsInput, UseRealtimeTaskTriggerOptions, UseRealtimeTaskTriggerReturn } from "./types.js";

const idle: RealtimeTriggerState<any, any> = { handle: undefined, run: undefined, streams: {}, error: undefined, isLoading: false, status: "idle" };

/**
 * Triggers the task `taskId` and follows each run it creates, live, with the run's own token
 * (`withStreams: true` follows its streams too; `enabled: false` only triggers).
 */
export function useRealtimeTaskTrigger<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord>(
  taskId: MaybeRefOrGetter<TaskIdentifier<TTask>>,
  options?: OptionsInput<UseRealtimeTaskTriggerOptions<TTask>>,
): UseRealtimeTaskTriggerReturn<TTask, TStreams> {
  const resolved = useOptions(options);
  const { store, state } = bindStore(
    "useRealtimeTaskTrigger",
    () => [toValue(taskId), resolved.value],
    () => {
      const { enabled, withStreams, skipColumns, stopOnCompletion, throttleInMs, experimental_throttleInMs } = resolved.value;
      return selectAction(resolved.value, idle as RealtimeTriggerState<TTask, TStreams>, (client) =>
        enabled === false
          ? taskTrigger<TTask>(client, toValue(taskId))
          : realtimeTaskTrigger<TTask, TStreams>(client, toValue(taskId), { withStreams, skipColumns, stopOnCompletion, throttleInMs, experimental_throttleInMs }),
      );
    },
    // A plain trigger (`enabled: false`) has no run, so this never fires for it.
    completion(() => resolved.value.onComplete),
  );
  // A plain trigger's state has only `handle`, `error` and `isLoading`: the rest stays idle.
  const full = computed(() => ({ ...idle, ...state.value }) as RealtimeTriggerState<TTask, TStreams>);
  const submit = (payload: TaskPayload<TTask>, triggerOptions?: TriggerOptions) => store.value.submit(payload, triggerOptions);
  const stop = () => (store.value as { stop?: () => void }).stop?.();
  return { ...readonlyRefs(full, ["handle", "run", "streams", "error", "isLoading", "status"]), submit, stop };
}
