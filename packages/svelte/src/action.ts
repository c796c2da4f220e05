import { actionClient, RealtimeError, subscriptionKey, type AuthOptions, type RealtimeClient } from "@trigger-realtime/core";
import { atom, type ReadableAtom } from "nanostores";

/** Stands in for an action atom while no action is possible (no token, no id yet). */
export interface UnavailableAction<S> extends ReadableAtom<S> {
  submit(...args: unknown[]): Promise<never>;
  complete(...args: unknown[]): Promise<never>;
  stop(): void;
}

/** Its methods reject with `reason` (already handled, so never an unhandled rejection) and show it in `error`. */
export function unavailableAction<S extends { error?: Error }>(state: S, reason: Error): UnavailableAction<S> {
  const store = atom<S>(state);
  const fail = () => {
    store.set({ ...store.get(), error: reason });
    const failed = Promise.reject(reason);
    failed.catch(() => {});
    return failed;
  };
  return Object.assign(store, { submit: fail, complete: fail, stop() {} });
}

/**
 * `create(client)` with the action client for these options; without a token, a stand-in that
 * says why (quietly with `enabled: false`, which only allows the token to be missing).
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
    const error = reason instanceof Error ? reason : new RealtimeError("unauthorized", String(reason));
    return unavailableAction({ ...idle, error: options.enabled === false ? undefined : error }, error);
  }
  return create(client);
}

/**
 * The action atom for the current id and options, created again only when a plain value in
 * them changes (callbacks are not compared): an action atom holds the state of its latest call,
 * so a getter merely running again must not reset it.
 */
export function latestAction<TId, O, T>(config: () => [id: TId, options: O], create: (id: TId, options: O) => T): () => T {
  let key: string | undefined;
  let current: T;
  return () => {
    const [id, options] = config();
    const next = subscriptionKey(id, options);
    if (next !== key) {
      key = next;
      current = create(id, options);
    }
    return current;
  };
}
