import { createRoot } from "solid-js";

/** Runs `body` under a new owner, as a component would; `dispose()` ends it (and its subscriptions). */
export function root<T extends object>(body: () => T): T & { dispose: () => void } {
  return createRoot((dispose) => Object.assign(body(), { dispose }));
}
