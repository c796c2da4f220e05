import { toValue, type MaybeRefOrGetter } from "vue";
import { sessionAppendHook } from "@trigger-realtime/core/adapter";
import { bindHook } from "./bind-hook.js";
import { readonlyRefs } from "./readonly-refs.js";
import { resolveFields } from "./resolve-fields.js";
import type { OptionsInput, UseSessionAppendOptions, UseSessionAppendReturn } from "./types.js";

/** Appends to the `in` channel of a session (by id or external id); `isReady` once a session and a token are given. */
export function useSessionAppend<TData = unknown>(
  sessionIdOrExternalId: MaybeRefOrGetter<string | undefined>,
  options?: OptionsInput<UseSessionAppendOptions>,
): UseSessionAppendReturn<TData> {
  const { store, state } = bindHook("useSessionAppend", sessionAppendHook<TData>, () => [toValue(sessionIdOrExternalId), resolveFields(options)] as const);
  return { ...readonlyRefs(state, ["isLoading", "isReady", "error"]), send: (data: TData) => store.value.send(data) };
}
