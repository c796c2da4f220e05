import type { ReadableAtom } from "nanostores";
import { snapshot } from "./snapshot.js";
import type { RunState, StreamState } from "./state.js";
import { listenStreamParts } from "./stores/stream.js";
import type { StreamPart } from "./types.js";

/**
 * Calls `callback` once for each run the store shows finished (`finishedAt` set), never for an
 * unfinished one. Keyed by run id, so a store that moves to another run fires again for it.
 * `fired` holds the ids already reported: pass one set to several listeners (one per store a
 * hook binds over its life) to report each run once among them.
 */
export function onRunComplete<S extends Pick<RunState<any, any>, "run" | "error">>(
  store: ReadableAtom<S>,
  callback: (run: NonNullable<S["run"]>, error: Error | undefined) => void,
  fired: Set<string> = new Set(),
): () => void {
  const check = (state: S) => {
    const run = state.run;
    if (!run?.finishedAt || fired.has(run.id)) return;
    fired.add(run.id);
    callback(run, state.error);
  };
  check(snapshot(store));
  return store.listen(check);
}

/**
 * Calls `callback` with the parts (ids, timestamps) each update of a stream store adds. Listens
 * to the store too, so the stream stays open while the callback is set.
 */
export function onStreamParts<TPart>(
  store: ReadableAtom<StreamState<TPart>>,
  callback: (parts: StreamPart<TPart>[]) => void,
): () => void {
  const unlistenParts = listenStreamParts(store, callback);
  const unlisten = store.listen(() => {});
  return () => {
    unlistenParts();
    unlisten();
  };
}
