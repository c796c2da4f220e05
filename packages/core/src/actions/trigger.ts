import { atom, type ReadableAtom } from "nanostores";
import type { RealtimeClient } from "../client.js";
import { decodeTriggerAnswer } from "../decode/answers.js";
import type { TriggerState } from "../state.js";
import type { AnyTask, RunHandle, TaskIdentifier, TaskPayload } from "../types.js";
import { actionRunner } from "./action-runner.js";
import { serializePayload } from "./payload.js";
import { postJson } from "./post-json.js";
import { wireTriggerOptions, type TriggerOptions } from "./trigger-options.js";

export type { TriggerOptions } from "./trigger-options.js";

export interface TaskTriggerStore<TTask = AnyTask> extends ReadableAtom<TriggerState<TTask>> {
  /**
   * Triggers the task. Resolves with the run's handle (its id and a public token that can read
   * it); a failure rejects and is also put in `error`, so the promise may be left unawaited.
   */
  submit(payload: TaskPayload<TTask>, options?: TriggerOptions): Promise<RunHandle<TTask>>;
}

/**
 * An atom for triggering `taskId` (`POST /api/v1/tasks/:taskId/trigger`): `{ handle, error,
 * isLoading }` plus `submit`. The state follows the latest submit.
 */
export function taskTrigger<TTask = AnyTask>(client: RealtimeClient, taskId: string): TaskTriggerStore<TTask> {
  const $state = atom<TriggerState<TTask>>({ handle: undefined, error: undefined, isLoading: false });

  const submit = actionRunner(
    async (payload: TaskPayload<TTask>, options?: TriggerOptions): Promise<RunHandle<TTask>> => {
      const { payload: data, payloadType } = await serializePayload(payload);
      const { body, publicAccessToken } = await postJson<unknown>(
        client,
        `/api/v1/tasks/${encodeURIComponent(taskId)}/trigger`,
        { payload: data, options: await wireTriggerOptions(options, payloadType) },
        `task ${taskId}`,
      );
      const { id, isCached } = decodeTriggerAnswer(body, `task ${taskId}`);
      return {
        id,
        isCached,
        // Without the header (not exposed by CORS) the caller's own token is the best we have.
        publicAccessToken: publicAccessToken ?? client.accessToken ?? "",
        taskIdentifier: taskId as TaskIdentifier<TTask>,
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
