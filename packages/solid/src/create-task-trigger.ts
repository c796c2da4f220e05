import { taskTrigger, type AnyTask, type TaskIdentifier, type TaskPayload, type TriggerOptions, type TriggerState } from "@trigger-realtime/core";
import { selectAction } from "@trigger-realtime/core";
import { actionConfig } from "./action-config.js";
import { useTriggerAuth } from "./auth.js";
import { bindStore, field } from "./bind-store.js";
import type { MaybeAccessor } from "./maybe-accessor.js";
import type { ActionOptions, TaskTriggerResult } from "./types.js";

const idle: TriggerState<any> = { handle: undefined, error: undefined, isLoading: false };

/** Triggers the task `taskId` from the browser (needs a token allowed to trigger it). */
export function createTaskTrigger<TTask extends AnyTask = AnyTask>(
  taskId: MaybeAccessor<TaskIdentifier<TTask>>,
  options?: MaybeAccessor<ActionOptions | undefined>,
): TaskTriggerResult<TTask> {
  const config = actionConfig(useTriggerAuth(), taskId, options);
  const { store, state } = bindStore(() => {
    const { id, options } = config();
    return selectAction(options, idle as TriggerState<TTask>, (client) => taskTrigger<TTask>(client, id));
  });
  return {
    submit: (payload: TaskPayload<TTask>, triggerOptions?: TriggerOptions) => store().submit(payload, triggerOptions),
    handle: field(state, "handle"),
    error: field(state, "error"),
    isLoading: field(state, "isLoading"),
  };
}
