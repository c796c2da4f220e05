import { inputStreamSendHook } from "@trigger-realtime/core/adapter";
import type { DefinedInputStream, InferInputStreamData } from "@trigger-realtime/core";
import type { InputStreamSendInstance, UseApiClientOptions } from "./types.js";
import { useHook } from "./use-hook.js";

/** Sends to a `streams.input<T>()` stream of run `runId`, typed from its definition. */
export function useInputStreamSend<TStream extends DefinedInputStream>(
  stream: TStream,
  runId?: string,
  options?: UseApiClientOptions,
): InputStreamSendInstance<InferInputStreamData<TStream>>;
/** Sends to input stream `streamId` of run `runId`; `isReady` once both a run id and a token are given. */
export function useInputStreamSend<TData = unknown>(streamId: string, runId?: string, options?: UseApiClientOptions): InputStreamSendInstance<TData>;
export function useInputStreamSend<TData>(stream: string | DefinedInputStream, runId?: string, options?: UseApiClientOptions): InputStreamSendInstance<TData> {
  const { store, state } = useHook(inputStreamSendHook<TData>, [stream, runId, options]);
  const { isLoading, isReady, error } = state;
  return { send: store.send, isLoading, isReady, error };
}
