import { taskTrigger as coreTaskTrigger, type AnyTask, type TaskIdentifier, type TriggerState } from "@trigger-realtime/core";
import { selectAction } from "@trigger-realtime/core";
import { latestAction } from "./action.js";
import { authSource, withAuth } from "./auth.js";
import { bindStore } from "./bind-store.js";
import { follow } from "./follow.js";
import { read } from "./getter.js";
import type { ActionOptions, MaybeGetter, ReactiveTaskTrigger, TaskTriggerStore } from "./types.js";

const idle: TriggerState<any> = { handle: undefined, error: undefined, isLoading: false };

function select<TTask>(taskId: string, options: ActionOptions) {
  return selectAction(options, idle as TriggerState<TTask>, (client) => coreTaskTrigger<TTask>(client, taskId));
}

/**
 * Triggers the task `taskId` from the browser (the token must allow it): `$trigger.handle`,
 * `$trigger.isLoading`, `$trigger.error`, and `await trigger.submit(payload, options)`.
 */
export function taskTrigger<TTask extends AnyTask = AnyTask>(taskId: TaskIdentifier<TTask>, options?: ActionOptions): TaskTriggerStore<TTask> {
  const store = select<TTask>(taskId, withAuth(authSource(), options));
  return { subscribe: bindStore(store).subscribe, submit: (payload, triggerOptions) => store.submit(payload, triggerOptions) };
}

/** `taskTrigger` as `trigger.current`; follows getters. */
export function useTaskTrigger<TTask extends AnyTask = AnyTask>(
  taskId: MaybeGetter<TaskIdentifier<TTask>>,
  options?: MaybeGetter<ActionOptions | undefined>,
): ReactiveTaskTrigger<TTask> {
  const auth = authSource();
  const followed = follow(latestAction(() => [read(taskId), withAuth(auth, read(options))], select<TTask>));
  return {
    get current() {
      return followed.current;
    },
    submit: (payload, triggerOptions) => followed.store.submit(payload, triggerOptions),
  };
}
