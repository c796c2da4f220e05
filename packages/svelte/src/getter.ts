import type { MaybeGetter } from "./types.js";

/** The current value of `value`; tracked when read inside a template or `$derived`. */
export function read<T>(value: MaybeGetter<T>): T {
  return typeof value === "function" ? (value as () => T)() : value;
}
