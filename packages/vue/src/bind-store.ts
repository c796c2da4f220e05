import { computed, getCurrentInstance, getCurrentScope, onMounted, onScopeDispose, readonly, ref, shallowRef, watchEffect, type Ref } from "vue";
import { snapshot } from "@trigger-realtime/core";
import type { ReadableAtom } from "nanostores";

/**
 * Follows whichever store `select` returns (re-run when its reactive inputs change) in a shallow
 * ref: no deep reactivity on large payloads. Inside a component it listens from `onMounted`, so
 * server rendering never subscribes (setup-time subscriptions are never released there); in a
 * bare `effectScope` it listens at once. Listening ends with the scope. `attach` adds per-caller
 * listeners (onComplete, onParts) for exactly as long as the store is listened to.
 */
export function bindStore<S, T extends ReadableAtom<S>>(
  select: () => T,
  attach?: (store: T) => () => void,
): { store: Readonly<Ref<T>>; state: Readonly<Ref<S>> } {
  const store = computed(select);
  const state = shallowRef<S>(snapshot(store.value));
  const active = ref(!getCurrentInstance());
  if (getCurrentInstance()) onMounted(() => (active.value = true));

  const stopWatching = watchEffect((onCleanup) => {
    const current = store.value;
    state.value = snapshot(current);
    if (!active.value) return;
    const unlisten = current.listen((next) => (state.value = next as S));
    const detach = attach?.(current);
    onCleanup(() => {
      detach?.();
      unlisten();
    });
  });
  if (getCurrentScope()) onScopeDispose(stopWatching);
  return { store, state: readonly(state) as Readonly<Ref<S>> };
}

/** Read-only refs of each field, so destructuring in `<script setup>` keeps reactivity. */
export function fieldRefs<S extends object, K extends keyof S>(state: Readonly<Ref<S>>, keys: K[]): { [P in K]: Readonly<Ref<S[P]>> } {
  return Object.fromEntries(keys.map((key) => [key, computed(() => state.value[key])])) as unknown as { [P in K]: Readonly<Ref<S[P]>> };
}
