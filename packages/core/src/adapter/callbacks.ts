import type { ReadableAtom } from "nanostores";
import { onRunComplete, onStreamParts } from "../listen.js";
import { listenSessionControl, listenSessionRecords, type SessionControlEvent, type SessionStreamState } from "../stores/session-stream.js";
import type { RunState, StreamState } from "../state.js";
import type { StreamPart } from "../types.js";

type RunHolder = ReadableAtom<Pick<RunState<any, any>, "run" | "error">>;

/**
 * The latest `onComplete`, once per run id, only for a finished run. The ids are kept per hook
 * instance, across every atom it binds: a new token for the same run, readers leaving and coming
 * back, or a replayed effect never fire it twice. An atom without a `run` never fires.
 */
export function completionListener(latest: () => ((run: any, error?: Error) => void) | undefined): (store: ReadableAtom<unknown>) => () => void {
  const fired = new Set<string>();
  return (store) => onRunComplete(store as RunHolder, (run, error) => latest()?.(run, error), fired);
}

export interface StreamCallbacks<TPart> {
  onParts?: (parts: StreamPart<TPart>[]) => void;
  onData?: (part: TPart) => void;
}

/** The latest `onParts` with each published update's parts, and `onData` with each of them. */
export function streamListener<TPart>(latest: () => StreamCallbacks<TPart> | undefined): (store: ReadableAtom<StreamState<TPart>>) => () => void {
  return (store) =>
    onStreamParts(store, (parts) => {
      const { onParts, onData } = latest() ?? {};
      onParts?.(parts);
      if (onData) for (const part of parts) onData(part.chunk);
    });
}

export interface SessionCallbacks<TRecord> {
  onRecords?: (records: StreamPart<TRecord>[]) => void;
  onControl?: (event: SessionControlEvent) => void;
}

/** The latest `onRecords` with each published update's records (control ones included), `onControl` with each control record. */
export function sessionListener<TRecord>(latest: () => SessionCallbacks<TRecord> | undefined): (store: ReadableAtom<SessionStreamState<TRecord>>) => () => void {
  return (store) => {
    const stopRecords = listenSessionRecords(store, (records) => latest()?.onRecords?.(records));
    const stopControl = listenSessionControl(store, (event) => latest()?.onControl?.(event));
    return () => {
      stopRecords();
      stopControl();
    };
  };
}
