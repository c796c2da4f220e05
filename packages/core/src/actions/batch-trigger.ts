import { atom, type ReadableAtom } from "nanostores";
import type { RealtimeClient } from "../client.js";
import { decodeBatchAnswer } from "../decode/answers.js";
import type { BatchTriggerState } from "../state.js";
import type { AnyTask, BatchHandle, TaskPayload } from "../types.js";
import { actionRunner } from "./action-runner.js";
import { serializePayload } from "./payload.js";
import { postJson } from "./post-json.js";
import { wireTriggerOptions, type TriggerOptions } from "./trigger-options.js";

/** One run of a batch. */
export interface BatchTriggerItem<TTask = AnyTask> {
  payload: TaskPayload<TTask>;
  options?: TriggerOptions;
}

export interface BatchTriggerStore<TTask = AnyTask> extends ReadableAtom<BatchTriggerState> {
  /**
   * Triggers one run per item in a single batch. Resolves with the batch's handle (its id and a
   * public token that can read the batch); a failure rejects and is also put in `error`.
   */
  submit(items: BatchTriggerItem<TTask>[]): Promise<BatchHandle>;
}

/**
 * An atom for triggering many runs of `taskId` at once (`POST /api/v2/tasks/batch`):
 * `{ handle, error, isLoading }` plus `submit(items)`. The state follows the latest submit.
 */
export function batchTrigger<TTask = AnyTask>(client: RealtimeClient, taskId: string): BatchTriggerStore<TTask> {
  const $state = atom<BatchTriggerState>({ handle: undefined, error: undefined, isLoading: false });

  const submit = actionRunner(
    async (items: BatchTriggerItem<TTask>[]): Promise<BatchHandle> => {
      const wireItems = await Promise.all(
        items.map(async ({ payload, options }) => {
          const serialized = await serializePayload(payload);
          return { task: taskId, payload: serialized.payload, options: await wireTriggerOptions(options, serialized.payloadType) };
        }),
      );
      const { body, publicAccessToken } = await postJson<unknown>(client, "/api/v2/tasks/batch", { items: wireItems }, `batch of task ${taskId}`);
      const { id, runCount, runs } = decodeBatchAnswer(body, `task ${taskId}`);
      return {
        batchId: id,
        runCount: runCount ?? (runs.length || items.length),
        publicAccessToken: publicAccessToken ?? client.accessToken ?? "",
        runs,
      };
    },
    {
      start: () => $state.set({ ...$state.get(), error: undefined, isLoading: true }),
      done: (handle) => $state.set({ handle, error: undefined, isLoading: false }),
      failed: (error) => $state.set({ handle: undefined, error, isLoading: false }),
    },
  );

  return Object.assign($state, { submit });
}
