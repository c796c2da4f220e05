import { realtimeTaskTriggerHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, StreamsRecord, TaskIdentifier, TaskPayload, TriggerOptions } from "@trigger-realtime/core";
import { bindHook, field } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import type { CreateRealtimeTaskTriggerOptions, RealtimeTaskTriggerResult } from "./types.js";

/**
 * Triggers the task `taskId` and follows each run it creates, live, with the run's own public
 * token: `submit`, then `run()` shows it. `withStreams: true` also follows its streams;
 * `enabled: false` only triggers.
 */
export function createRealtimeTaskTrigger<TTask extends AnyTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord>(
  taskId: MaybeAccessor<TaskIdentifier<TTask>>,
  options?: MaybeAccessor<CreateRealtimeTaskTriggerOptions<TTask> | undefined>,
): RealtimeTaskTriggerResult<TTask, TStreams> {
  const { store, state } = bindHook(realtimeTaskTriggerHook<TTask, TStreams>, () => [access(taskId), access(options)] as const);
  return {
    submit: (payload: TaskPayload<TTask>, triggerOptions?: TriggerOptions) => store().submit(payload, triggerOptions),
    handle: field(state, "handle"),
    run: field(state, "run"),
    streams: field(state, "streams"),
    error: field(state, "error"),
    isLoading: field(state, "isLoading"),
    status: field(state, "status"),
    stop: () => store().stop(),
  };
}
