import { actionClient, type AuthOptions, type RealtimeClient } from "@trigger-realtime/core";
import { atom, type ReadableAtom } from "nanostores";

/** A stand-in for an action store while no action is possible (no token, no id yet). */
export interface UnavailableAction<S> extends ReadableAtom<S> {
  submit(...args: unknown[]): Promise<never>;
  complete(...args: unknown[]): Promise<never>;
  stop(): void;
}

/**
 * Its methods reject with `reason` and put it in `error`; the rejection is already handled, so
 * a caller that does not await never sees an unhandled rejection.
 */
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
 * shows why (unless `enabled: false`, which only allows the token to be missing).
 */
export function actionStore<T, S extends { error?: Error }>(
  options: AuthOptions & { enabled?: boolean },
  idle: S,
  create: (client: RealtimeClient) => T,
): T | UnavailableAction<S> {
  let client: RealtimeClient;
  try {
    client = actionClient(options);
  } catch (reason) {
    return unavailableAction({ ...idle, error: options.enabled === false ? undefined : (reason as Error) }, reason as Error);
  }
  return create(client);
}
