import { createContext, useContext } from "react";
import type { AuthOptions } from "@trigger-realtime/core";

/**
 * App-wide auth for every hook below a `<TriggerAuthContext.Provider value={…}>`.
 * Options passed to a hook win over these, field by field.
 */
export interface TriggerAuthConfig extends AuthOptions {
  /** Accepted so `@trigger.dev/react-hooks` configurations type-check; not used. */
  requestOptions?: unknown;
  /** Accepted for the same reason; never send a secret key to a browser. */
  secretKey?: string;
}

export const TriggerAuthContext = createContext<TriggerAuthConfig | undefined>(undefined);
TriggerAuthContext.displayName = "TriggerAuthContext";

/** The provided auth config; throws when no `TriggerAuthContext.Provider` is above. */
export function useTriggerAuthContext(): TriggerAuthConfig {
  const config = useContext(TriggerAuthContext);
  if (!config) throw new Error("TriggerAuthContext not found: wrap the tree in <TriggerAuthContext.Provider value={{ accessToken }}>");
  return config;
}

/** The provided auth config, or `{}` when there is no provider. */
export function useTriggerAuthContextOptional(): TriggerAuthConfig {
  return useContext(TriggerAuthContext) ?? EMPTY;
}

const EMPTY: TriggerAuthConfig = Object.freeze({});
