import { computed, hasInjectionContext, inject, provide, type App, type ComputedRef, type InjectionKey } from "vue";
import type { AuthOptions } from "@trigger-realtime/core";
import { resolveFields } from "./resolve-fields.js";
import type { OptionsInput } from "./types.js";

/**
 * App-wide auth: `{ accessToken, baseURL, … }` as an object, a ref or a getter, each field a
 * value, a ref or a getter, so a token can change for every composable at once.
 */
export type TriggerAuth = NonNullable<OptionsInput<AuthOptions>>;

export const TriggerAuthKey: InjectionKey<TriggerAuth> = Symbol("trigger-realtime-auth");

/** `app.use(TriggerRealtimePlugin, { accessToken, baseURL })`: auth for the whole app. */
export const TriggerRealtimePlugin = {
  install(app: App, auth: TriggerAuth = {}) {
    app.provide(TriggerAuthKey, auth);
  },
};

/** Auth for this component's descendants (call in `setup`); the nearest provider wins. */
export function provideTriggerAuth(auth: TriggerAuth): void {
  provide(TriggerAuthKey, auth);
}

/**
 * The provided auth as plain values, kept current; `{}` when nothing is provided or when called
 * outside a component (an `effectScope` inside `app.runWithContext` still sees the plugin's).
 */
export function useTriggerAuth(): ComputedRef<AuthOptions> {
  const auth = hasInjectionContext() ? inject(TriggerAuthKey, undefined) : undefined;
  return computed(() => resolveFields<AuthOptions>(auth));
}
