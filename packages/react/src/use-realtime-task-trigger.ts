import { realtimeTaskTriggerHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, TaskIdentifier } from "@trigger-realtime/core";
import type { RealtimeTriggerInstance, RealtimeTriggerInstanceWithStreams, UseRealtimeTaskTriggerOptions } from "./types.js";
import { useHook } from "./use-hook.js";

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
  const { store, state } = useHook(realtimeTaskTriggerHook<TTask, TStreams>, [id, { ...options, withStreams }]);
  const { handle, run, streams, error, isLoading, status } = state;
  return { submit: store.submit, isLoading, handle, run, streams, error, stop: store.stop, status };
}
