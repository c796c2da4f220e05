import { realtimeTaskTriggerHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, StreamsRecord, TaskIdentifier } from "@trigger-realtime/core";
import { bindAtom } from "./bind-store.js";
import { followHook } from "./follow.js";
import { read } from "./getter.js";
import type { MaybeGetter, ReactiveRealtimeTaskTrigger, RealtimeTaskTriggerOptions, RealtimeTaskTriggerStore } from "./types.js";

/**
 * Triggers the task `taskId` and follows each run it creates, live, with the run's own public
 * token: `await trigger.submit(payload)`, then `$trigger.run` shows it. `withStreams: true`
 * also follows its streams (`$trigger.streams`); `enabled: false` only triggers.
 */
export function realtimeTaskTrigger<TTask extends AnyTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord>(
  taskId: TaskIdentifier<TTask>,
  options?: RealtimeTaskTriggerOptions<TTask>,
): RealtimeTaskTriggerStore<TTask, TStreams> {
  const { atom, subscribe } = bindAtom(realtimeTaskTriggerHook<TTask, TStreams>, [taskId, options]);
  return { subscribe, submit: atom.submit, stop: atom.stop };
}

/** `realtimeTaskTrigger` as `trigger.current`; follows getters. */
export function useRealtimeTaskTrigger<TTask extends AnyTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord>(
  taskId: MaybeGetter<TaskIdentifier<TTask>>,
  options?: MaybeGetter<RealtimeTaskTriggerOptions<TTask> | undefined>,
): ReactiveRealtimeTaskTrigger<TTask, TStreams> {
  const followed = followHook(realtimeTaskTriggerHook<TTask, TStreams>, () => [read(taskId), read(options)] as const);
  return {
    get current() {
      return followed.current;
    },
    submit: (payload, triggerOptions) => followed.store.submit(payload, triggerOptions),
    stop: () => followed.store.stop(),
  };
}
