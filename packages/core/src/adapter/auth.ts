import { atom } from "nanostores";
import { getRealtimeClient, type RealtimeClient } from "../client.js";
import { RealtimeError } from "../errors.js";
import type { AuthOptions } from "../options.js";
import type { SubscriptionStore } from "../stores/subscription.js";

/** A hook's options over the auth its framework provides: per-call values win, field by field. */
export function mergeAuth<O extends AuthOptions>(context: AuthOptions | undefined, options: O | undefined): O {
  const merged: AuthOptions = { ...context };
  for (const [name, value] of Object.entries(options ?? {})) if (value !== undefined) (merged as Record<string, unknown>)[name] = value;
  return merged as O;
}

/**
 * The shared client for these options, or undefined without a token. Asked on every resolve, so
 * the client's `fetch` and `refreshAccessToken` follow the latest closures without changing its key.
 */
export function clientFor(options: AuthOptions): RealtimeClient | undefined {
  if (!options.accessToken) return undefined;
  const { accessToken, baseURL, refreshAccessToken, previewBranch, fetch, headers } = options;
  return getRealtimeClient({ accessToken, baseURL, refreshAccessToken, previewBranch, fetch, headers });
}

export const missingTokenError = () =>
  new RealtimeError("unauthorized", "No access token: pass `accessToken`, provide one through the auth context, or set `enabled: false`");

const missingTokenStores = new WeakMap<SubscriptionStore<any>, SubscriptionStore<any>>();

/** An inert store whose state says the access token is missing (instead of throwing in render). */
export function missingTokenStore<S>(idle: SubscriptionStore<S>): SubscriptionStore<S> {
  let store = missingTokenStores.get(idle);
  if (!store) {
    store = Object.assign(atom({ ...idle.get(), status: "error", error: missingTokenError() }), { key: "missing-token", stop() {} });
    missingTokenStores.set(idle, store);
  }
  return store as SubscriptionStore<S>;
}
