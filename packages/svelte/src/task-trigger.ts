import { taskTriggerHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, TaskIdentifier } from "@trigger-realtime/core";
import { bindAtom } from "./bind-store.js";
import { followHook } from "./follow.js";
import { read } from "./getter.js";
import type { ActionOptions, MaybeGetter, ReactiveTaskTrigger, TaskTriggerStore } from "./types.js";

/**
 * Triggers the task `taskId` from the browser (the token must allow it): `$trigger.handle`,
 * `$trigger.isLoading`, `$trigger.error`, and `await trigger.submit(payload, options)`.
 */
export function taskTrigger<TTask extends AnyTask = AnyTask>(taskId: TaskIdentifier<TTask>, options?: ActionOptions): TaskTriggerStore<TTask> {
  const { atom, subscribe } = bindAtom(taskTriggerHook<TTask>, [taskId, options]);
  return { subscribe, submit: atom.submit };
}

/** `taskTrigger` as `trigger.current`; follows getters. */
export function useTaskTrigger<TTask extends AnyTask = AnyTask>(
  taskId: MaybeGetter<TaskIdentifier<TTask>>,
  options?: MaybeGetter<ActionOptions | undefined>,
): ReactiveTaskTrigger<TTask> {
  const followed = followHook(taskTriggerHook<TTask>, () => [read(taskId), read(options)] as const);
  return {
    get current() {
      return followed.current;
    },
    submit: (payload, triggerOptions) => followed.store.submit(payload, triggerOptions),
  };
}
