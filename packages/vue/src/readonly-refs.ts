import { computed, type ComputedRef } from "vue";

/** One read-only ref per field, so destructuring in `<script setup>` keeps reactivity. */
export function readonlyRefs<S extends object, K extends keyof S>(state: ComputedRef<S>, keys: K[]): { [P in K]: ComputedRef<S[P]> } {
  return Object.fromEntries(keys.map((key) => [key, computed(() => state.value[key])])) as unknown as { [P in K]: ComputedRef<S[P]> };
}
