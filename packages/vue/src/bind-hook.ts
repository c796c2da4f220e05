import { computed, getCurrentInstance, getCurrentScope, onMounted, ref, shallowRef, watch, type ComputedRef } from "vue";
import { snapshot, type Hook, type HookFactory } from "@trigger-realtime/core/adapter";
import type { ReadableAtom, StoreValue } from "nanostores";
import { useTriggerAuth } from "./auth.js";

type ArgsOf<F> = F extends HookFactory<infer Args, any> ? Args : never;
type AtomOf<F> = F extends HookFactory<any, infer T> ? T : never;

export interface BoundStore<T extends ReadableAtom<any>> {
  /** The atom resolved for the current arguments. */
  store: ComputedRef<T>;
  /** Its state, shallow: large payloads are never made deeply reactive. */
  state: ComputedRef<StoreValue<T>>;
}

/**
 * Binds the atom a core hook resolves for `args()` over the provided auth; a new atom only when
 * its key changes. Inside a component it listens from `onMounted`, so a server render never
 * subscribes; in a bare `effectScope`, or in a component already mounted, it listens at once.
 * Listening, and the hook's listeners (onComplete, onParts), end with the scope.
 */
export function bindHook<F extends HookFactory<any, ReadableAtom<any>>>(name: string, factory: F, args: () => ArgsOf<F>): BoundStore<AtomOf<F>> {
  type T = AtomOf<F>;
  type S = StoreValue<T>;
  const auth = useTriggerAuth();
  const current = computed(args);
  const hook = factory(() => current.value) as Hook<ArgsOf<F>, T>;
  const picked = computed<{ key: string; store: T }>((previous) => {
    const resolved = hook.resolve(current.value, auth.value);
    return previous?.key === resolved.key ? previous : { key: resolved.key, store: resolved.create() };
  });
  const store = computed(() => picked.value.store);

  // The last state heard, with the store it came from: right after the arguments change, reads
  // show the new store's state, never the previous one's.
  const heard = shallowRef<{ from: T; state: S }>();
  const state = computed(() => (heard.value?.from === store.value ? heard.value.state : (snapshot(store.value) as S)));

  const instance = getCurrentInstance();
  const listening = ref(!instance || instance.isMounted);
  if (!listening.value) onMounted(() => (listening.value = true));
  else if (!getCurrentScope()) warnWithoutScope(name);

  watch(
    [store, listening],
    ([bound, on], _previous, onCleanup) => {
      if (!on) return;
      const hear = (next: S) => (heard.value = { from: bound, state: next });
      const unlisten = bound.listen(hear);
      hear(snapshot(bound) as S);
      const detach = hook.attach(bound);
      onCleanup(() => {
        detach();
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
