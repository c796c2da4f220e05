import { toValue, type MaybeRefOrGetter } from "vue";
import { inputStreamSendHook } from "@trigger-realtime/core/adapter";
import type { DefinedInputStream, InferInputStreamData } from "@trigger-realtime/core";
import { bindHook } from "./bind-hook.js";
import { readonlyRefs } from "./readonly-refs.js";
import { resolveFields } from "./resolve-fields.js";
import type { OptionsInput, UseInputStreamSendOptions, UseInputStreamSendReturn } from "./types.js";

type RunId = MaybeRefOrGetter<string | undefined>;

/** Sends to a `streams.input<T>()` stream of run `runId`, typed from its definition. */
export function useInputStreamSend<TStream extends DefinedInputStream>(
  stream: TStream,
  runId: RunId,
  options?: OptionsInput<UseInputStreamSendOptions>,
): UseInputStreamSendReturn<InferInputStreamData<TStream>>;
/** Sends to input stream `streamId` of run `runId`; `isReady` once both a run id and a token are given. */
export function useInputStreamSend<TData = unknown>(streamId: MaybeRefOrGetter<string>, runId: RunId, options?: OptionsInput<UseInputStreamSendOptions>): UseInputStreamSendReturn<TData>;
export function useInputStreamSend<TData>(stream: MaybeRefOrGetter<string | DefinedInputStream>, runId: RunId, options?: OptionsInput<UseInputStreamSendOptions>): UseInputStreamSendReturn<TData> {
  const { store, state } = bindHook("useInputStreamSend", inputStreamSendHook<TData>, () => [toValue(stream), toValue(runId), resolveFields(options)] as const);
  return { ...readonlyRefs(state, ["isLoading", "isReady", "error"]), send: (data: TData) => store.value.send(data) };
}
