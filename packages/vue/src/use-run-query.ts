import { toValue, type MaybeRefOrGetter } from "vue";
import { runQueryHook } from "@trigger-realtime/core/adapter";
import type { AnyTask } from "@trigger-realtime/core";
import { bindHook } from "./bind-hook.js";
import { readonlyRefs } from "./readonly-refs.js";
import { resolveFields } from "./resolve-fields.js";
import type { OptionsInput, UseRunQueryOptions, UseRunQueryReturn } from "./types.js";

/** The run from the management API (not realtime): fetched once, then every `refreshInterval` until it is final, on focus and on reconnect. */
export function useRunQuery<TTask = AnyTask>(runId: MaybeRefOrGetter<string | undefined>, options?: OptionsInput<UseRunQueryOptions>): UseRunQueryReturn<TTask> {
  const { state } = bindHook("useRunQuery", runQueryHook<TTask>, () => [toValue(runId), resolveFields(options)] as const);
  return readonlyRefs(state, ["run", "error", "isLoading", "isValidating", "isError"]);
}
