import { atom, type ReadableAtom } from "nanostores";
import type { RealtimeClient } from "../client.js";
import { decodeCreatedBatch, isUnsealedBatch } from "../decode/answers.js";
import { RealtimeError } from "../errors.js";
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

/** Runs per batch that Trigger.dev accepts (`STREAMING_BATCH_MAX_ITEMS`). */
export const MAX_BATCH_ITEMS = 1000;

/**
 * An atom for triggering many runs of `taskId` at once with the two-phase batch API the SDK
 * uses (`POST /api/v3/batches`, then the items as NDJSON to `/api/v3/batches/:id/items`, resent
 * until the server says the batch is sealed): `{ handle, error, isLoading }` plus
 * `submit(items)`, at most 1,000 items. The state follows the latest submit.
 */
export function batchTrigger<TTask = AnyTask>(client: RealtimeClient, taskId: string): BatchTriggerStore<TTask> {
  const $state = atom<BatchTriggerState>({ handle: undefined, error: undefined, isLoading: false });

  const submit = actionRunner(
    async (items: BatchTriggerItem<TTask>[]): Promise<BatchHandle> => {
      const what = `batch of task ${taskId}`;
      if (items.length > MAX_BATCH_ITEMS) throw new RealtimeError("bad_request", `A batch can have at most ${MAX_BATCH_ITEMS} items, not ${items.length}`);
      const lines = await Promise.all(
        items.map(async ({ payload, options }, index) => {
          const serialized = await serializePayload(payload);
          return JSON.stringify({ index, task: taskId, payload: serialized.payload, options: await wireTriggerOptions(options, serialized.payloadType) });
        }),
      );
      const created = await postJson<unknown>(client, "/api/v3/batches", { runCount: items.length, taskIdentifiers: [taskId] }, what);
      const { id, ...batch } = decodeCreatedBatch(created.body, `task ${taskId}`);
      // A batch found by its idempotency key already has its runs.
      if (!batch.isCached) {
        await postJson<unknown>(client, `/api/v3/batches/${encodeURIComponent(id)}/items`, undefined, what, {
          body: lines.map((line) => `${line}\n`).join(""),
          contentType: "application/x-ndjson",
          retryIf: isUnsealedBatch,
        });
      }
      return { batchId: id, ...batch, publicAccessToken: created.publicAccessToken ?? client.accessToken ?? "" };
    },
    {
      start: () => $state.set({ ...$state.get(), error: undefined, isLoading: true }),
      done: (handle) => $state.set({ handle, error: undefined, isLoading: false }),
      failed: (error) => $state.set({ handle: undefined, error, isLoading: false }),
    },
  );

  return Object.assign($state, { submit });
}
