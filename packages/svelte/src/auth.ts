import { getContext, setContext } from "svelte";
import type { AuthOptions } from "@trigger-realtime/core";

/** App-wide auth for every store created below the component that sets it. */
export type TriggerAuthOptions = AuthOptions;

type AuthSource = () => TriggerAuthOptions | undefined;

const AUTH = Symbol("trigger-realtime auth");

/**
 * Provides `accessToken`, `baseURL`, `refreshAccessToken`, … to the stores and helpers created
 * in this component and its descendants. Call it during component initialisation. Pass a getter
 * (`() => ({ accessToken: token })`) to let runes helpers and `$derived` stores follow a token
 * that changes.
 */
export function setTriggerAuth(options: TriggerAuthOptions | (() => TriggerAuthOptions)): void {
  setContext<AuthSource>(AUTH, typeof options === "function" ? options : () => options);
}

/** The auth set by the nearest `setTriggerAuth`, or `undefined`. Call it during component initialisation. */
export function getTriggerAuth(): TriggerAuthOptions | undefined {
  return getContext<AuthSource | undefined>(AUTH)?.();
}

/**
 * The context's auth source when called inside a component (during initialisation, or when a
 * `$derived` re-runs), else `undefined`: factories also work in plain modules with explicit auth.
 */
export function authSource(): AuthSource | undefined {
  try {
    return getContext<AuthSource | undefined>(AUTH);
  } catch {
    // Outside a component Svelte throws `lifecycle_outside_component`.
    return undefined;
  }
}
