import type { Accessor } from "solid-js";
import { onRunComplete, type RunState } from "@trigger-realtime/core";
import type { ReadableAtom } from "nanostores";
import { whileBound } from "./bind-store.js";

type RunCallback<TRun> = (run: TRun, error?: Error) => void;

/**
 * Calls the current `onComplete` once per run id, only for a finished run (`finishedAt`).
 * The ids are remembered across atoms, so moving to a new token for the same run does not
 * fire again.
 */
export function onComplete<S extends Pick<RunState<any, any>, "run" | "error">>(
  store: Accessor<ReadableAtom<S>>,
  callback: () => RunCallback<NonNullable<S["run"]>> | undefined,
): void {
  const fired = new Set<string>();
  whileBound(store, (current) =>
    onRunComplete(current, (run, error) => {
      if (fired.has(run.id)) return;
      fired.add(run.id);
      callback()?.(run, error);
    }),
  );
}
