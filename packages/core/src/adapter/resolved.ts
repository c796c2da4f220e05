import type { AuthOptions } from "../options.js";

/**
 * Which atom a hook's arguments call for. `key` is the atom's identity — for a subscription the
 * store's own key — and the only thing an adapter compares: a new key, a new `create()`.
 */
export interface Resolved<T> {
  readonly key: string;
  /** The atom (a shared subscription comes from the registry; an action is made new). */
  create(): T;
}

/**
 * Everything one hook instance applies between its arguments and its atom. `latest` (given when
 * the hook is made) returns the newest arguments, read when a callback fires, so a new closure
 * on each render never means a new atom.
 */
export interface Hook<Args extends readonly unknown[], T> {
  /** The atom for these arguments over the framework's auth. */
  resolve(args: Args, auth: AuthOptions | undefined): Resolved<T>;
  /** The listeners the latest options ask for (onComplete, onParts, onData) while `store` is bound; returns their teardown. */
  attach(store: T): () => void;
}

export type HookFactory<Args extends readonly unknown[], T> = (latest: () => Args) => Hook<Args, T>;

/** Keeps the atom of the latest key: for frameworks without a memo keyed on a value. */
export function keyedMemo<T>(): (resolved: Resolved<T>) => T {
  let key: string | undefined;
  let atom: T;
  return (resolved) => {
    if (resolved.key !== key) {
      atom = resolved.create();
      key = resolved.key;
    }
    return atom;
  };
}

export const noListeners = () => () => {};
