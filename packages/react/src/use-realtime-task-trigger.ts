import { useCallback, useMemo } from "react";
import {
  realtimeTaskTrigger,
  selectAction,
  taskTrigger,
  type AnyTask,
  type RealtimeTriggerState,
  type RunHandle,
  type TaskIdentifier,
  type TaskPayload,
  type TriggerOptions,
} from "@trigger-realtime/core";
import type { ReadableAtom } from "nanostores";
import type { RealtimeTriggerInstance, RealtimeTriggerInstanceWithStreams, UseRealtimeTaskTriggerOptions } from "./types.js";
import { columnsKey, storeKey, throttleKey, useMergedOptions } from "./use-options.js";
import { useRunComplete } from "./use-run-complete.js";
import { useStore } from "./use-store.js";

/** Either store this hook binds: realtime trigger, plain trigger (`enabled: false`) or stand-in. */
type TriggerStore<TTask, TStreams extends Record<string, any>> = ReadableAtom<Partial<RealtimeTriggerState<TTask, TStreams>>> & {
  submit(payload: TaskPayload<TTask>, options?: TriggerOptions): Promise<RunHandle<TTask>>;
  stop?(): void;
};

const idle: RealtimeTriggerState<any, any> = {
  handle: undefined,
  run: undefined,
  streams: {},
  error: undefined,
  isLoading: false,
  status: "idle",
};

/** Triggers the task `id` and follows each run it creates, live, with the run's own token. */
export function useRealtimeTaskTrigger<TTask extends AnyTask = AnyTask>(
  id: TaskIdentifier<TTask>,
  options?: UseRealtimeTaskTriggerOptions<TTask>,
): RealtimeTriggerInstance<TTask> {
  const { streams: _streams, ...instance } = useRealtimeTrigger<TTask, Record<string, any>>(id, options, false);
  return instance;
}

/** Like `useRealtimeTaskTrigger`, plus the parts of every stream the run writes. */
export function useRealtimeTaskTriggerWithStreams<TTask extends AnyTask = AnyTask, TStreams extends Record<string, any> = Record<string, any>>(
  id: TaskIdentifier<TTask>,
  options?: UseRealtimeTaskTriggerOptions<TTask>,
): RealtimeTriggerInstanceWithStreams<TTask, TStreams> {
  return useRealtimeTrigger<TTask, TStreams>(id, options, true);
}

function useRealtimeTrigger<TTask extends AnyTask, TStreams extends Record<string, any>>(
  id: TaskIdentifier<TTask>,
  options: UseRealtimeTaskTriggerOptions<TTask> | undefined,
  withStreams: boolean,
): RealtimeTriggerInstanceWithStreams<TTask, TStreams> {
  const merged = useMergedOptions(options);
  const { skipColumns, stopOnCompletion, throttleInMs, experimental_throttleInMs } = merged;
  const key = storeKey(merged, id, withStreams, columnsKey(skipColumns), stopOnCompletion !== false, throttleKey(merged));
  // Re-picked only when a value the store depends on changes (`key`), not on new object identities.
  // `enabled: false` triggers without following the run.
  const store = useMemo(
    () =>
      selectAction(merged, idle, (client) =>
        merged.enabled === false
          ? taskTrigger<TTask>(client, id)
          : realtimeTaskTrigger<TTask, TStreams>(client, id, { skipColumns, stopOnCompletion, throttleInMs, experimental_throttleInMs, withStreams }),
      ),
    [key],
  ) as TriggerStore<TTask, TStreams>;
  const state = useStore(store);
  // A plain trigger store (`enabled: false`) has no `run`, so this never fires for it.
  useRunComplete(store as ReadableAtom<RealtimeTriggerState<TTask, TStreams>>, merged.onComplete);
  const submit = useCallback((payload: TaskPayload<TTask>, triggerOptions?: TriggerOptions) => store.submit(payload, triggerOptions), [store]);
  const stop = useCallback(() => store.stop?.(), [store]);
  return {
    submit,
    isLoading: state.isLoading ?? false,
    handle: state.handle,
    run: state.run,
    streams: state.streams ?? idle.streams,
    error: state.error,
    stop,
    status: state.status ?? "idle",
  };
}
