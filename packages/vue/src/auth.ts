import { hasInjectionContext, inject, provide, toValue, type App, type InjectionKey, type MaybeRefOrGetter } from "vue";
import type { AuthOptions } from "@trigger-realtime/core";

/** App-wide auth: a value, a ref or a getter, so a token can change for every composable at once. */
export type TriggerAuth = MaybeRefOrGetter<AuthOptions>;

export const TriggerAuthKey: InjectionKey<TriggerAuth> = Symbol("trigger-realtime-auth");

/** `app.use(TriggerRealtimePlugin, { accessToken, baseURL })`. */
export const TriggerRealtimePlugin = {
  install(app: App, auth: TriggerAuth = {}) {
    app.provide(TriggerAuthKey, auth);
  },
};

/** Provides auth to the component's descendants (call in `setup`). */
export function provideTriggerAuth(auth: TriggerAuth): void {
  provide(TriggerAuthKey, auth);
}

/** The auth provided by the plugin or an ancestor, resolved now; `{}` when there is none. */
export function useTriggerAuth(): () => AuthOptions {
  const auth = hasInjectionContext() ? inject(TriggerAuthKey, {}) : {};
  return () => toValue(auth) ?? {};
}
