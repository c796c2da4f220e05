import { useEffect, useRef } from "react";
import { onRunComplete, type RunState } from "@trigger-realtime/core";
import type { ReadableAtom } from "nanostores";
import { useLatest } from "./use-latest.js";

/**
 * Calls the latest `onComplete` once per run id, only for a finished run. The per-instance set
 * keeps it at once when the store changes for the same run (a new token) or when StrictMode
 * replays effects.
 */
export function useRunComplete<S extends Pick<RunState<any, any>, "run" | "error">>(
  store: ReadableAtom<S>,
  onComplete: ((run: any, err?: Error) => void) | undefined,
): void {
  const callback = useLatest(onComplete);
  const fired = useRef(new Set<string>());
  const wanted = onComplete !== undefined;
  useEffect(() => {
    if (!wanted) return;
    return onRunComplete(store, (run, error) => {
      if (fired.current.has(run.id)) return;
      fired.current.add(run.id);
      callback.current?.(run, error);
    });
  }, [store, wanted, callback]);
}
