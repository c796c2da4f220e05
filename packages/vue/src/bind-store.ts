import { computed, getCurrentInstance, getCurrentScope, onMounted, ref, shallowRef, watch, type ComputedRef } from "vue";
import { snapshot } from "@trigger-realtime/core";
import type { ReadableAtom, StoreValue } from "nanostores";
import { storeKey } from "./options.js";

export interface BoundStore<T extends ReadableAtom<any>> {
  /** The store picked for the current inputs. */
  store: ComputedRef<T>;
  /** Its state, shallow: large payloads are never made deeply reactive. */
  state: ComputedRef<StoreValue<T>>;
}

/**
 * Binds the store `create` picks for `inputs()` (a new one only when their plain values change,
 * so an action keeps its state across unrelated updates). Inside a component it listens from
 * `onMounted`, so a server render never subscribes; in a bare `effectScope`, or in a component
 * already mounted, it listens at once. Listening ends with the scope. `attach` adds listeners (onComplete, onParts) for exactly as
 * long as the store is listened to, outside any reactive tracking.
 */
export function bindStore<T extends ReadableAtom<any>>(
  name: string,
  inputs: () => unknown[],
  create: () => T,
  attach?: (store: T) => () => void,
): BoundStore<T> {
  type S = StoreValue<T>;
  const picked = computed<{ key: string; store: T }>((previous) => {
    const key = storeKey(...inputs());
    return previous?.key === key ? previous : { key, store: create() };
  });
  const store = computed(() => picked.value.store);

  // The last state heard, with the store it came from: right after the inputs change, reads show
  // the new store's state, never the previous one's.
  const heard = shallowRef<{ from: T; state: S }>();
  const state = computed(() => (heard.value?.from === store.value ? heard.value.state : (snapshot(store.value) as S)));

  const instance = getCurrentInstance();
  const listening = ref(!instance || instance.isMounted);
  if (!listening.value) onMounted(() => (listening.value = true));
  else if (!getCurrentScope()) warnWithoutScope(name);

  watch(
    [store, listening],
    ([current, on], _previous, onCleanup) => {
      if (!on) return;
      const hear = (next: S) => (heard.value = { from: current, state: next });
      const unlisten = current.listen(hear);
      hear(snapshot(current) as S);
      const detach = attach?.(current);
      onCleanup(() => {
        detach?.();
        unlisten();
      });
    },
    { immediate: true },
  );
  return { store, state };
}

function warnWithoutScope(name: string) {
  if (typeof process !== "undefined" && process.env.NODE_ENV === "production") return;
  console.warn(`[trigger-realtime] ${name}() was called outside a component or effectScope: its subscription never ends. Call it in setup() or inside effectScope().run().`);
}
