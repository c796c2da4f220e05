import { sessionChannelHook } from "@trigger-realtime/core/adapter";
import type { AnySessionChannel, SessionChannelName, SessionChannelRecord } from "@trigger-realtime/core";
import type { UseSessionStreamChannelInstance, UseSessionStreamChannelOptions } from "./types.js";
import { useHook } from "./use-hook.js";

/** One side of a named session channel, typed from a `defineSessionChannel` declaration (`typeof screenshots`). */
export function useSessionStreamChannel<TChannel extends AnySessionChannel = AnySessionChannel, S extends "in" | "out" = "out">(
  channel: SessionChannelName<TChannel>,
  options: UseSessionStreamChannelOptions<TChannel, S>,
): UseSessionStreamChannelInstance<SessionChannelRecord<TChannel, S>> {
  type TRecord = SessionChannelRecord<TChannel, S>;
  const { store, state } = useHook(sessionChannelHook<TRecord>, [channel, options]);
  const { records, lastEventId, lastControl, error, isLoading, status } = state;
  return { records, lastEventId, lastControl, error, stop: store.stop, isLoading, status };
}
