import type { Accessor } from "solid-js";

/** A value, or an accessor of it (`() => props.runId`) that the primitive follows. */
export type MaybeAccessor<T> = T | Accessor<T>;

/** The current value of `value`; tracked when called inside a computation. */
export function access<T>(value: MaybeAccessor<T>): T {
  return typeof value === "function" ? (value as Accessor<T>)() : value;
}
