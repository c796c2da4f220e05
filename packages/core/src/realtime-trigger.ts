import { atom, onMount, type ReadableAtom } from "nanostores";
import { taskTrigger, type TriggerOptions } from "./actions/trigger.js";
import type { RealtimeClient } from "./client.js";
import { selectRunStore, selectRunWithStreamsStore } from "./adapter/subscriptions.js";
import type { RealtimeTaskTriggerOptions } from "./options.js";
import { snapshot } from "./snapshot.js";
import type { RealtimeTriggerState, RunWithStreamsState, StreamsRecord } from "./state.js";
import type { SubscriptionStore } from "./stores/subscription.js";
import type { AnyTask, RunHandle, TaskPayload } from "./types.js";

export type { RealtimeTriggerState } from "./state.js";

/** Before the first submit (and while a trigger cannot be made). */
export const idleRealtimeTriggerState: RealtimeTriggerState<any, any> = Object.freeze({
  handle: undefined,
  run: undefined,
  streams: {},
  error: undefined,
  isLoading: false,
  status: "idle",
}) as RealtimeTriggerState<any, any>;

export interface RealtimeTaskTriggerStore<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord>
  extends ReadableAtom<RealtimeTriggerState<TTask, TStreams>> {
  submit(payload: TaskPayload<TTask>, options?: TriggerOptions): Promise<RunHandle<TTask>>;
  /** Closes the run subscription. */
  stop(): void;
}

/**
 * Triggers `taskId` and follows the run it created, with the handle's own public token: one
 * atom for "submit, then watch it live". Each submit moves the subscription to the new run;
 * with `enabled: false` it only triggers (the run part of the state stays idle).
 * `onComplete` is left to the adapter, which calls it while the atom is listened to (`onRunComplete`).
 */
export function realtimeTaskTrigger<TTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord>(
  client: RealtimeClient,
  taskId: string,
  options: RealtimeTaskTriggerOptions<TTask> = {},
): RealtimeTaskTriggerStore<TTask, TStreams> {
  type State = RealtimeTriggerState<TTask, TStreams>;
  const trigger = taskTrigger<TTask>(client, taskId);
  const $state = atom<State>(idleRealtimeTriggerState);
  let runStore: SubscriptionStore<RunWithStreamsState<TTask, TStreams>> | undefined;

  const storeFor = (handle: RunHandle<TTask> | undefined) => {
    // The run is read with the handle's own token, through the same fetch, headers and branch.
    const { fetch, headers, previewBranch } = client.options;
    const subscription = { ...options, fetch, headers, previewBranch, accessToken: handle?.publicAccessToken, baseURL: client.baseURL };
    return (options.withStreams
      ? selectRunWithStreamsStore<TTask, TStreams>(handle?.id, subscription)
      : selectRunStore<TTask>(handle?.id, subscription)) as SubscriptionStore<RunWithStreamsState<TTask, TStreams>>;
  };

  onMount($state, () => {
    let unlistenRun: (() => void) | undefined;
    const combine = () => {
      const triggerState = snapshot(trigger);
      const runState = runStore ? snapshot(runStore) : undefined;
      $state.set({
        handle: triggerState.handle,
        run: runState?.run,
        streams: runState?.streams ?? {},
        error: triggerState.error ?? runState?.error,
        isLoading: triggerState.isLoading,
        status: runState?.status ?? "idle",
      });
    };
    const follow = () => {
      const next = storeFor(snapshot(trigger).handle);
      if (next !== runStore) {
        unlistenRun?.();
        runStore = next;
        unlistenRun = runStore.listen(combine);
      }
      combine();
    };
    const unlistenTrigger = trigger.listen(follow);
    follow();
    return () => {
      unlistenTrigger();
      unlistenRun?.();
      runStore = undefined;
    };
  });

  return Object.assign($state, {
    submit: (payload: TaskPayload<TTask>, triggerOptions?: TriggerOptions) => trigger.submit(payload, triggerOptions),
    stop: () => runStore?.stop(),
  });
}
