import { inputStreamSendHook } from "@trigger-realtime/core/adapter";
import type { DefinedInputStream, InferInputStreamData } from "@trigger-realtime/core";
import { bindAtom } from "./bind-store.js";
import { followHook } from "./follow.js";
import { read } from "./getter.js";
import type { ActionOptions, InputStreamSendStore, MaybeGetter, ReactiveInputStreamSend } from "./types.js";

type Stream = string | DefinedInputStream;
type DataOf<S, TData> = S extends string ? TData : InferInputStreamData<S>;

/**
 * Sends to input stream `stream` (its id, or a `streams.input<T>()` definition that types the
 * data) of run `runId`: `$steer.isReady` (once a run id and a token are given), `.isLoading`,
 * `.error`, and `await steer.send(data)`.
 */
export function inputStreamSendStore<TData = unknown, S extends Stream = Stream>(stream: S, runId: string | undefined, options?: ActionOptions): InputStreamSendStore<DataOf<S, TData>> {
  const { atom, subscribe } = bindAtom(inputStreamSendHook<DataOf<S, TData>>, [stream, runId, options]);
  return { subscribe, send: atom.send };
}

/** `inputStreamSendStore` as `steer.current`; every argument may be a getter. */
export function useInputStreamSend<TData = unknown, S extends Stream = Stream>(
  stream: MaybeGetter<S>,
  runId: MaybeGetter<string | undefined>,
  options?: MaybeGetter<ActionOptions | undefined>,
): ReactiveInputStreamSend<DataOf<S, TData>> {
  const followed = followHook(inputStreamSendHook<DataOf<S, TData>>, () => [read(stream), read(runId), read(options)] as const);
  return {
    get current() {
      return followed.current;
    },
    send: (data) => followed.store.send(data),
  };
}
