import { toValue, type MaybeRefOrGetter } from "vue";
import { sessionChannelHook } from "@trigger-realtime/core/adapter";
import type { AnySessionChannel, SessionChannelName, SessionChannelRecord } from "@trigger-realtime/core";
import { bindHook } from "./bind-hook.js";
import { readonlyRefs } from "./readonly-refs.js";
import { resolveFields } from "./resolve-fields.js";
import type { OptionsInput, UseSessionChannelOptions, UseSessionStreamReturn } from "./types.js";

/** One side of a named session channel of `options.sessionId`, typed from a `defineSessionChannel` declaration. */
export function useSessionChannel<TChannel extends AnySessionChannel = AnySessionChannel, S extends "in" | "out" = "out">(
  channel: MaybeRefOrGetter<SessionChannelName<TChannel>>,
  options: OptionsInput<UseSessionChannelOptions<TChannel, S>>,
): UseSessionStreamReturn<SessionChannelRecord<TChannel, S>> {
  type TRecord = SessionChannelRecord<TChannel, S>;
  const { store, state } = bindHook("useSessionChannel", sessionChannelHook<TRecord>, () => [toValue(channel), resolveFields(options)] as const);
  return { ...readonlyRefs(state, ["records", "lastEventId", "lastControl", "error", "status", "isLoading"]), stop: () => store.value.stop() };
}
