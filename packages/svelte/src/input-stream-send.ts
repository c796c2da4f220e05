import { inputStreamSendHook } from "@trigger-realtime/core/adapter";
import type { DefinedInputStream, InferInputStreamData } from "@trigger-realtime/core";
import { bindAtom } from "./bind-store.js";
import { followHook } from "./follow.js";
import { read } from "./getter.js";
import type { ActionOptions, InputStreamSendStore, MaybeGetter, ReactiveInputStreamSend } from "./types.js";

type RunId = string | undefined;

/** Sends to a `streams.input<T>()` stream of run `runId`, typed from its definition. */
export function inputStreamSendStore<TStream extends DefinedInputStream>(stream: TStream, runId: RunId, options?: ActionOptions): InputStreamSendStore<InferInputStreamData<TStream>>;
/**
 * Sends to input stream `streamId` of run `runId`: `$steer.isReady` (once a run id and a token
 * are given), `.isLoading`, `.error`, and `await steer.send(data)`.
 */
export function inputStreamSendStore<TData = unknown>(streamId: string, runId: RunId, options?: ActionOptions): InputStreamSendStore<TData>;
export function inputStreamSendStore<TData>(stream: string | DefinedInputStream, runId: RunId, options?: ActionOptions): InputStreamSendStore<TData> {
  const { atom, subscribe } = bindAtom(inputStreamSendHook<TData>, [stream, runId, options]);
  return { subscribe, send: atom.send };
}

type Options = MaybeGetter<ActionOptions | undefined>;

/** `inputStreamSendStore` of a `streams.input<T>()` definition as `steer.current`; every argument may be a getter. */
export function useInputStreamSend<TStream extends DefinedInputStream>(
  stream: MaybeGetter<TStream>,
  runId: MaybeGetter<RunId>,
  options?: Options,
): ReactiveInputStreamSend<InferInputStreamData<TStream>>;
/** `inputStreamSendStore` as `steer.current`; every argument may be a getter. */
export function useInputStreamSend<TData = unknown>(streamId: MaybeGetter<string>, runId: MaybeGetter<RunId>, options?: Options): ReactiveInputStreamSend<TData>;
export function useInputStreamSend<TData>(stream: MaybeGetter<string | DefinedInputStream>, runId: MaybeGetter<RunId>, options?: Options): ReactiveInputStreamSend<TData> {
  const followed = followHook(inputStreamSendHook<TData>, () => [read(stream), read(runId), read(options)] as const);
  return {
    get current() {
      return followed.current;
    },
    send: (data) => followed.store.send(data),
  };
}
