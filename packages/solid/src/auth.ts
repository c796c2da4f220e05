import { createComponent, createContext, splitProps, useContext, type JSX, type ParentProps } from "solid-js";
import type { AuthOptions } from "@trigger-realtime/core";

/** App-wide auth for every primitive below a `TriggerAuthProvider`; per-call options win, field by field. */
export type TriggerAuthOptions = AuthOptions;

export type TriggerAuthProviderProps = ParentProps<TriggerAuthOptions>;

const TriggerAuthContext = createContext<TriggerAuthOptions>();

/**
 * Provides `accessToken`, `baseURL`, `refreshAccessToken`, … to the primitives below it. Its
 * props stay reactive: a new `accessToken` moves every subscription below to the new token.
 */
export function TriggerAuthProvider(props: TriggerAuthProviderProps): JSX.Element {
  const [local, auth] = splitProps(props, ["children"]);
  // Written without JSX so the package builds as plain TypeScript.
  return createComponent(TriggerAuthContext.Provider, {
    value: auth,
    get children() {
      return local.children;
    },
  });
}

/** The auth provided by the nearest `TriggerAuthProvider`, or `undefined` outside one. */
export function useTriggerAuth(): TriggerAuthOptions | undefined {
  return useContext(TriggerAuthContext);
}
