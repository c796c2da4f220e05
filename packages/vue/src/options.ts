import { toValue, type MaybeRefOrGetter } from "vue";
import { mergeAuth } from "@trigger-realtime/core";
import { useTriggerAuth } from "./auth.js";

/** Options as a value, a ref or a getter; auth fields fall back to the provided auth. */
export function useOptions<O extends object>(options: MaybeRefOrGetter<O | undefined>): () => O {
  const contextAuth = useTriggerAuth();
  return () => {
    const own = toValue(options) ?? ({} as O);
    return { ...own, ...mergeAuth(contextAuth(), own) } as O;
  };
}
