import { runQueryHook } from "@trigger-realtime/core/adapter";
import type { AnyTask } from "@trigger-realtime/core";
import type { UseRunInstance, UseRunOptions } from "./types.js";
import { useHook } from "./use-hook.js";

/** The run from the management API (not realtime): fetched once, then every `refreshInterval` until it is final, on focus and on reconnect. */
export function useRun<TTask = AnyTask>(runId: string | undefined, options?: UseRunOptions): UseRunInstance<TTask> {
  const { state } = useHook(runQueryHook<TTask>, [runId, options]);
  const { run, error, isLoading, isValidating, isError } = state;
  return { run, error, isLoading, isValidating, isError };
}
