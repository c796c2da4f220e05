import type { ReadableAtom } from "nanostores";

export type StateOf<T> = T extends ReadableAtom<infer S> ? S : never;

/** What to run while a store has readers: returns its own teardown. */
export type Attach<T> = (store: T) => () => void;

/** How a core atom is exposed: callbacks tied to its readers, and an optional view of its state. */
export interface Binding<T, S> {
  attach?: Attach<T>;
  map?: (state: StateOf<T>) => S;
}

export const same = <S>(state: any): S => state as S;
