import { onRunComplete, type RunState } from "@trigger-realtime/core";
import type { ReadableAtom } from "nanostores";

type Callback = ((run: any, error: Error | undefined) => void) | undefined;

/**
 * An `attach` for bindStore calling the latest `onComplete` once per run id, only for a finished
 * run. The set lives as long as the composable, so moving to another store for the same run (a
 * new token) never fires twice.
 */
export function completion(callback: () => Callback) {
  const fired = new Set<string>();
  // Any store: one without a `run` (a plain trigger) never fires.
  return (store: ReadableAtom<unknown>) =>
    onRunComplete(store as ReadableAtom<Pick<RunState<any, any>, "run" | "error">>, (run, error) => {
      if (fired.has(run.id)) return;
      fired.add(run.id);
      callback()?.(run, error);
    });
}
