import { computed, type ComputedRef } from "vue";
import { mergeAuth, subscriptionKey, type AuthOptions } from "@trigger-realtime/core";
import { useTriggerAuth } from "./auth.js";
import { resolveFields } from "./resolve-fields.js";
import type { OptionsInput } from "./types.js";

/**
 * A composable's options as plain values, kept current, auth fields falling back to the provided
 * auth (per-call values win). `refreshAccessToken` and `fetch` are stable wrappers over the
 * latest functions, so a new closure never means a new subscription.
 */
export function useOptions<O extends AuthOptions>(options: OptionsInput<O>): ComputedRef<O> {
  const provided = useTriggerAuth();
  const latest = computed(() => {
    const own = resolveFields(options);
    return { ...own, ...mergeAuth(provided.value, own) } as O;
  });
  const refreshAccessToken = () => latest.value.refreshAccessToken!();
  const fetch: typeof globalThis.fetch = (...args) => latest.value.fetch!(...args);
  return computed(() => ({
    ...latest.value,
    refreshAccessToken: latest.value.refreshAccessToken && refreshAccessToken,
    fetch: latest.value.fetch && fetch,
  }));
}

/** A store's identity from plain values: functions count only by presence, arrays by content. */
export function storeKey(...values: unknown[]): string {
  const plain = (value: unknown): unknown =>
    typeof value === "function"
      ? "function"
      : value && typeof value === "object" && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).map(([name, field]) => [name, plain(field)]))
        : value;
  return subscriptionKey(...values.map(plain));
}
