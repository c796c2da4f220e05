import { toValue, type MaybeRefOrGetter } from "vue";
import { sessionStreamHook } from "@trigger-realtime/core/adapter";
import { bindHook } from "./bind-hook.js";
import { readonlyRefs } from "./readonly-refs.js";
import { resolveFields } from "./resolve-fields.js";
import type { OptionsInput, UseSessionStreamOptions, UseSessionStreamReturn } from "./types.js";

/** One channel of a session (`out` unless `io: "in"`), live: data records, the last control record, the resume cursor. */
export function useSessionStream<TRecord = unknown>(
  sessionIdOrExternalId: MaybeRefOrGetter<string | undefined>,
  options?: OptionsInput<UseSessionStreamOptions<TRecord>>,
): UseSessionStreamReturn<TRecord> {
  const { store, state } = bindHook("useSessionStream", sessionStreamHook<TRecord>, () => [toValue(sessionIdOrExternalId), resolveFields(options)] as const);
  return { ...readonlyRefs(state, ["records", "lastEventId", "lastControl", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}
