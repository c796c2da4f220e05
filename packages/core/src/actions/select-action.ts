import { atom, type ReadableAtom } from "nanostores";
import { actionClient } from "../bindings.js";
import type { RealtimeClient } from "../client.js";
import { RealtimeError } from "../errors.js";
import type { ActionOptions } from "../options.js";

/** Stands in for an action atom while no action is possible (no token, no id yet). */
export interface UnavailableAction<S> extends ReadableAtom<S> {
  submit(...args: unknown[]): Promise<never>;
  complete(...args: unknown[]): Promise<never>;
  stop(): void;
}

/** Its methods reject with `reason` (already handled, so never an unhandled rejection) and show it in `error`. */
export function unavailableAction<S extends { error?: Error }>(state: S, reason: Error): UnavailableAction<S> {
  const $state = atom<S>(state);
  const fail = () => {
    $state.set({ ...$state.get(), error: reason });
    const failed = Promise.reject(reason);
    failed.catch(() => {});
    return failed;
  };
  return Object.assign($state, { submit: fail, complete: fail, stop() {} });
}

/**
 * `create(client)` with the action client for these options; without a token, a stand-in that
 * says why (quietly with `enabled: false`, which only allows the token to be missing). Every
 * adapter builds its trigger and wait-token bindings on this.
 */
export function selectAction<T, S extends { error?: Error }>(
  options: ActionOptions,
  idle: S,
  create: (client: RealtimeClient) => T,
): T | UnavailableAction<S> {
  let client: RealtimeClient;
  try {
    client = actionClient(options);
  } catch (reason) {
    const error = reason instanceof Error ? reason : new RealtimeError("unauthorized", String(reason));
    return unavailableAction({ ...idle, error: options.enabled === false ? undefined : error }, error);
  }
  return create(client);
}
