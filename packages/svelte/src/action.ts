import { subscriptionKey } from "@trigger-realtime/core";

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
