import { createMemo, type Accessor } from "solid-js";
import { subscriptionKey, type AuthOptions } from "@trigger-realtime/core";
import { withAuth, type TriggerAuthOptions } from "./auth.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";

/**
 * An action's id and options over the provider's auth, as one memo that changes only when a
 * plain value in them changes (callbacks are not compared). An action atom holds the state of
 * its latest call, so it must not be recreated because an accessor merely ran again.
 */
export function actionConfig<TId, O extends AuthOptions>(
  auth: TriggerAuthOptions | undefined,
  id: MaybeAccessor<TId>,
  options: MaybeAccessor<O | undefined>,
): Accessor<{ id: TId; options: O }> {
  return createMemo(() => ({ id: access(id), options: withAuth(auth, access(options)) }), undefined, {
    equals: (previous, next) => subscriptionKey(previous.id, previous.options) === subscriptionKey(next.id, next.options),
  });
}
