import { onRunComplete, onStreamParts, type RunState, type StreamPart, type StreamState } from "@trigger-realtime/core";
import type { ReadableAtom } from "nanostores";
import type { Attach } from "./binding.js";

type RunCallback<TRun> = (run: TRun, error?: Error) => void;

/**
 * Calls the current `onComplete` once per run id, only for a finished run (`finishedAt`). The
 * ids are remembered across attachments, so readers leaving and coming back, or a new token
 * for the same run, do not fire it again.
 */
export function runCompletion<S extends Pick<RunState<any, any>, "run" | "error">>(
  callback: () => RunCallback<NonNullable<S["run"]>> | undefined,
): Attach<ReadableAtom<S>> {
  const fired = new Set<string>();
  return (store) =>
    onRunComplete(store, (run, error) => {
      if (fired.has(run.id)) return;
      fired.add(run.id);
      callback()?.(run, error);
    });
}

/** Calls the current `onParts` with each update's parts and `onData` with each part. */
export function streamParts<TPart>(
  callbacks: () => { onParts?: (parts: StreamPart<TPart>[]) => void; onData?: (part: TPart) => void } | undefined,
): Attach<ReadableAtom<StreamState<TPart>>> {
  return (store) =>
    onStreamParts(store, (parts) => {
      const { onParts, onData } = callbacks() ?? {};
      onParts?.(parts);
      if (onData) for (const part of parts) onData(part.chunk);
    });
}
