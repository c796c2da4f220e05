import { sessionStreamHook } from "@trigger-realtime/core/adapter";
import type { UseSessionStreamInstance, UseSessionStreamOptions } from "./types.js";
import { useHook } from "./use-hook.js";

/** One channel of a session (`out` unless `io: "in"`), live: data records, the last control record, the resume cursor. */
export function useSessionStream<TRecord = unknown>(sessionIdOrExternalId?: string, options?: UseSessionStreamOptions<TRecord>): UseSessionStreamInstance<TRecord> {
  const { store, state } = useHook(sessionStreamHook<TRecord>, [sessionIdOrExternalId, options]);
  const { records, lastEventId, lastControl, error, isLoading, status } = state;
  return { records, lastEventId, lastControl, error, stop: store.stop, isLoading, status };
}
