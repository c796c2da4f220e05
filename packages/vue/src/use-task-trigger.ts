import { toValue, type MaybeRefOrGetter, type Ref } from "vue";
import {
  realtimeTaskTrigger,
  selectAction,
  taskTrigger,
  type AnyTask,
  type AuthOptions,
  type RealtimeTaskTriggerOptions,
  type RealtimeTriggerState,
  type RunHandle,
  type StreamsRecord,
  type TaskPayload,
  type TriggerOptions,
  type TriggerState,
  type RealtimeRun,
} from "@trigger-realtime/core";
import { bindStore, fieldRefs } from "./bind-store.js";
import { useOptions } from "./options.js";

const idleTrigger: TriggerState<any> = { handle: undefined, error: undefined, isLoading: false };

/** Triggers `taskId`: `{ submit, handle, error, isLoading }`; `submit` resolves with the run handle. */
export function useTaskTrigger<TTask = AnyTask>(taskId: MaybeRefOrGetter<string>, options?: MaybeRefOrGetter<(AuthOptions & { enabled?: boolean }) | undefined>) {
  const resolve = useOptions(options);
  const { store, state } = bindStore(() => selectAction(resolve(), idleTrigger as TriggerState<TTask>, (client) => taskTrigger<TTask>(client, toValue(taskId))));
  const submit = (payload: TaskPayload<TTask>, triggerOptions?: TriggerOptions) => store.value.submit(payload, triggerOptions) as Promise<RunHandle<TTask>>;
  return { ...fieldRefs(state as Readonly<Ref<TriggerState<TTask>>>, ["handle", "error", "isLoading"]), submit };
}

export interface UseRealtimeTaskTriggerOptions<TTask = AnyTask> extends AuthOptions, RealtimeTaskTriggerOptions {
  /** Called once when the triggered run has finished. */
  onComplete?: (run: RealtimeRun<TTask>, error: Error | undefined) => void;
}

const idleRealtimeTrigger: RealtimeTriggerState<any> = { handle: undefined, run: undefined, streams: {}, error: undefined, isLoading: false, status: "idle" };

/**
 * Triggers `taskId` and follows the run it created, with the handle's own token:
 * `{ submit, handle, run, streams, error, isLoading, status, stop }`.
 */
export function useRealtimeTaskTrigger<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord>(
  taskId: MaybeRefOrGetter<string>,
  options?: MaybeRefOrGetter<UseRealtimeTaskTriggerOptions<TTask> | undefined>,
) {
  const resolve = useOptions(options);
  const { store, state } = bindStore(
    () => {
      const { withStreams, skipColumns, stopOnCompletion, throttleInMs, experimental_throttleInMs, ...auth } = resolve();
      return selectAction(auth, idleRealtimeTrigger as RealtimeTriggerState<TTask, TStreams>, (client) =>
        realtimeTaskTrigger<TTask, TStreams>(client, toValue(taskId), { withStreams, skipColumns, stopOnCompletion, throttleInMs, experimental_throttleInMs }),
      );
    },
    (current) => {
      const fired = new Set<string>();
      return current.listen((next) => {
        const run = (next as RealtimeTriggerState<TTask, TStreams>).run;
        if (!run?.finishedAt || fired.has(run.id)) return;
        fired.add(run.id);
        resolve().onComplete?.(run, (next as RealtimeTriggerState<TTask, TStreams>).error);
      });
    },
  );
  const submit = (payload: TaskPayload<TTask>, triggerOptions?: TriggerOptions) => store.value.submit(payload, triggerOptions) as Promise<RunHandle<TTask>>;
  return {
    ...fieldRefs(state as Readonly<Ref<RealtimeTriggerState<TTask, TStreams>>>, ["handle", "run", "streams", "error", "isLoading", "status"]),
    submit,
    stop: () => store.value.stop(),
  };
}
