import {
  realtimeTaskTrigger as coreRealtimeTaskTrigger,
  taskTrigger as coreTaskTrigger,
  type AnyTask,
  type RealtimeTriggerState,
  type RunHandle,
  type StreamsRecord,
  type TaskIdentifier,
  type TaskPayload,
  type TriggerOptions,
} from "@trigger-realtime/core";
import type { ReadableAtom } from "nanostores";
import { selectAction } from "@trigger-realtime/core";
import { latestAction } from "./action.js";
import { authSource, withAuth } from "./auth.js";
import { bindStore } from "./bind-store.js";
import { runCompletion } from "./callbacks.js";
import { follow } from "./follow.js";
import { read } from "./getter.js";
import type { MaybeGetter, ReactiveRealtimeTaskTrigger, RealtimeTaskTriggerOptions, RealtimeTaskTriggerStore } from "./types.js";

/**
 * The atom behind the store: realtime trigger, plain trigger (`enabled: false`) or a stand-in
 * without a token. The last two hold only part of the state; `complete` fills in the rest.
 */
type TriggerAtom<TTask, TStreams extends StreamsRecord> = ReadableAtom<RealtimeTriggerState<TTask, TStreams>> & {
  submit(payload: TaskPayload<TTask>, options?: TriggerOptions): Promise<RunHandle<TTask>>;
  stop?(): void;
};

const idle: RealtimeTriggerState<any, any> = { handle: undefined, run: undefined, streams: {}, error: undefined, isLoading: false, status: "idle" };

/** Every atom's state in the full shape (a plain trigger has no run, streams or status). */
const complete = <TTask, TStreams extends StreamsRecord>(state: RealtimeTriggerState<TTask, TStreams>): RealtimeTriggerState<TTask, TStreams> => ({
  ...idle,
  ...state,
});

function select<TTask, TStreams extends StreamsRecord>(taskId: string, options: RealtimeTaskTriggerOptions<TTask>): TriggerAtom<TTask, TStreams> {
  const { enabled, skipColumns, stopOnCompletion, throttleInMs, experimental_throttleInMs, withStreams } = options;
  return selectAction(options, idle, (client) =>
    enabled === false
      ? coreTaskTrigger<TTask>(client, taskId)
      : coreRealtimeTaskTrigger<TTask, TStreams>(client, taskId, { skipColumns, stopOnCompletion, throttleInMs, experimental_throttleInMs, withStreams }),
  ) as TriggerAtom<TTask, TStreams>;
}

/**
 * Triggers the task `taskId` and follows each run it creates, live, with the run's own public
 * token: `await trigger.submit(payload)`, then `$trigger.run` shows it. `withStreams: true`
 * also follows its streams (`$trigger.streams`).
 */
export function realtimeTaskTrigger<TTask extends AnyTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord>(
  taskId: TaskIdentifier<TTask>,
  options?: RealtimeTaskTriggerOptions<TTask>,
): RealtimeTaskTriggerStore<TTask, TStreams> {
  const store = select<TTask, TStreams>(taskId, withAuth(authSource(), options));
  const { subscribe } = bindStore(store, { map: complete<TTask, TStreams>, attach: runCompletion(() => options?.onComplete) });
  return {
    subscribe,
    submit: (payload, triggerOptions) => store.submit(payload, triggerOptions),
    stop: () => store.stop?.(),
  };
}

/** `realtimeTaskTrigger` as `trigger.current`; follows getters. */
export function useRealtimeTaskTrigger<TTask extends AnyTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord>(
  taskId: MaybeGetter<TaskIdentifier<TTask>>,
  options?: MaybeGetter<RealtimeTaskTriggerOptions<TTask> | undefined>,
): ReactiveRealtimeTaskTrigger<TTask, TStreams> {
  const auth = authSource();
  const followed = follow(
    latestAction(() => [read(taskId), withAuth(auth, read(options))], select<TTask, TStreams>),
    { map: complete<TTask, TStreams>, attach: runCompletion(() => read(options)?.onComplete) },
  );
  return {
    get current() {
      return followed.current;
    },
    submit: (payload, triggerOptions) => followed.store.submit(payload, triggerOptions),
    stop: () => followed.store.stop?.(),
  };
}
