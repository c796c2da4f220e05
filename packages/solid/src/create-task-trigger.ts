import { taskTriggerHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, TaskIdentifier, TaskPayload, TriggerOptions } from "@trigger-realtime/core";
import { bindHook, field } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import type { ActionOptions, TaskTriggerResult } from "./types.js";

/** Triggers the task `taskId` from the browser (needs a token allowed to trigger it). */
export function createTaskTrigger<TTask extends AnyTask = AnyTask>(
  taskId: MaybeAccessor<TaskIdentifier<TTask>>,
  options?: MaybeAccessor<ActionOptions | undefined>,
): TaskTriggerResult<TTask> {
  const { store, state } = bindHook(taskTriggerHook<TTask>, () => [access(taskId), access(options)] as const);
  return {
    submit: (payload: TaskPayload<TTask>, triggerOptions?: TriggerOptions) => store().submit(payload, triggerOptions),
    handle: field(state, "handle"),
    error: field(state, "error"),
    isLoading: field(state, "isLoading"),
  };
}
