import { createEffect, createMemo, createSignal, on, onCleanup, type Accessor } from "solid-js";
import type { SubscriptionStatus } from "@trigger-realtime/core";
import { keyedMemo, snapshot, type Hook, type HookFactory } from "@trigger-realtime/core/adapter";
import type { ReadableAtom } from "nanostores";
import { useTriggerAuth } from "./auth.js";
import type { SubscriptionResult } from "./types.js";

export type StateOf<T> = T extends ReadableAtom<infer S> ? S : never;
type ArgsOf<F> = F extends HookFactory<infer Args, any> ? Args : never;
type AtomOf<F> = F extends HookFactory<any, infer T> ? T : never;

export interface BoundStore<T extends ReadableAtom<any>> {
  /** The atom currently bound. */
  store: Accessor<T>;
  /** Its current state. */
  state: Accessor<StateOf<T>>;
}

/**
 * Binds the atom a core hook resolves for `args()` over the provider's auth. `args` reads the
 * caller's accessors, so it runs again when they change; the atom changes only when its key
 * does, so only a real change (id, token, options) resubscribes. `state()` reads the atom without
 * mounting it: rendering, on the server or not, opens nothing. Listening, and the hook's
 * listeners (onComplete, onParts), start in an effect (browser only) and end with the owner or
 * when another atom is bound; the core closes the connection shortly after its last listener leaves.
 */
export function bindHook<F extends HookFactory<any, ReadableAtom<any>>>(factory: F, args: () => ArgsOf<F>): BoundStore<AtomOf<F>> {
  type T = AtomOf<F>;
  const auth = useTriggerAuth();
  const hook = factory(args) as Hook<ArgsOf<F>, T>;
  const memo = keyedMemo<T>();
  const store = createMemo(() => memo(hook.resolve(args(), auth)));
  const [changed, notify] = createSignal(undefined, { equals: false });
  // Follows the picked atom at once, so a new id never shows the previous run.
  const state = createMemo(() => {
    changed();
    return snapshot(store()) as StateOf<T>;
  });
  whileBound(store, (current) => {
    const unlisten = current.listen(() => notify());
    // The state may have moved between the first read and this listener.
    notify();
    return unlisten;
  });
  whileBound(store, hook.attach);
  return { store, state };
}

/**
 * Calls `attach` with each atom `store()` picks, in the browser only; what it returns runs when
 * the next atom is picked or the owner is disposed.
 */
export function whileBound<T>(store: Accessor<T>, attach: (store: T) => () => void): void {
  createEffect(on(store, (current) => onCleanup(attach(current))));
}

/** An accessor of one field of `state`, notifying only when that field changes. */
export function field<S, K extends keyof S>(state: Accessor<S>, key: K): Accessor<S[K]> {
  return createMemo(() => state()[key]);
}

type SubscriptionAtom = ReadableAtom<{ error: Error | undefined; status: SubscriptionStatus; isLoading: boolean }> & { stop(): void };

/** `error`, `status`, `isLoading` and `stop` of a bound subscription. */
export function subscriptionFields<T extends SubscriptionAtom>({ store, state }: BoundStore<T>): SubscriptionResult {
  return {
    error: field(state, "error"),
    status: field(state, "status"),
    isLoading: field(state, "isLoading"),
    stop: () => store().stop(),
  };
}
