import {
  realtimeTaskTrigger,
  taskTrigger,
  type AnyTask,
  type RealtimeTriggerState,
  type RunHandle,
  type StreamsRecord,
  type TaskIdentifier,
  type TaskPayload,
  type TriggerOptions,
} from "@trigger-realtime/core";
import type { ReadableAtom } from "nanostores";
import { actionConfig } from "./action-config.js";
import { selectAction } from "@trigger-realtime/core";
import { useTriggerAuth } from "./auth.js";
import { bindStore, field } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import { onComplete } from "./on-complete.js";
import type { CreateRealtimeTaskTriggerOptions, RealtimeTaskTriggerResult, StreamResults } from "./types.js";

/** The store bound here: realtime trigger, plain trigger (`enabled: false`) or a stand-in without a token. */
type TriggerStore<TTask, TStreams extends StreamsRecord> = ReadableAtom<Partial<RealtimeTriggerState<TTask, TStreams>>> & {
  submit(payload: TaskPayload<TTask>, options?: TriggerOptions): Promise<RunHandle<TTask>>;
  stop?(): void;
};

const idle: RealtimeTriggerState<any, any> = { handle: undefined, run: undefined, streams: {}, error: undefined, isLoading: false, status: "idle" };

/**
 * Triggers the task `taskId` and follows each run it creates, live, with the run's own public
 * token: `submit`, then `run()` shows it. `withStreams: true` also follows its streams.
 */
export function createRealtimeTaskTrigger<TTask extends AnyTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord>(
  taskId: MaybeAccessor<TaskIdentifier<TTask>>,
  options?: MaybeAccessor<CreateRealtimeTaskTriggerOptions<TTask> | undefined>,
): RealtimeTaskTriggerResult<TTask, TStreams> {
  const config = actionConfig(useTriggerAuth(), taskId, options);
  const { store, state } = bindStore(() => {
    const { id, options } = config();
    const { enabled, skipColumns, stopOnCompletion, throttleInMs, experimental_throttleInMs, withStreams } = options;
    return selectAction(options, idle, (client) =>
      enabled === false
        ? taskTrigger<TTask>(client, id)
        : realtimeTaskTrigger<TTask, TStreams>(client, id, { skipColumns, stopOnCompletion, throttleInMs, experimental_throttleInMs, withStreams }),
    ) as TriggerStore<TTask, TStreams>;
  });
  // A plain trigger store (`enabled: false`) has no run, so this never fires for it.
  onComplete(store as () => ReadableAtom<RealtimeTriggerState<TTask, TStreams>>, () => access(options)?.onComplete);
  return {
    submit: (payload: TaskPayload<TTask>, triggerOptions?: TriggerOptions) => store().submit(payload, triggerOptions),
    handle: field(state, "handle") as () => RunHandle<TTask> | undefined,
    run: field(state, "run"),
    streams: () => (state().streams ?? idle.streams) as StreamResults<TStreams>,
    error: field(state, "error"),
    isLoading: () => state().isLoading ?? false,
    status: () => state().status ?? "idle",
    stop: () => store().stop?.(),
  };
}
