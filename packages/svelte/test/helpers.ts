import { useDevServer as useSharedDevServer } from "@trigger-realtime/test-support";
import "./node-realm.js";
import { screen, within } from "@testing-library/svelte";

/** The shared dev-server fixture, its read token scoped to `read:runs` (every run, nothing else). */
export const useDevServer = () => useSharedDevServer({ readScopes: ["read:runs"] });

/** `waitFor` options for what crosses the network. */
export const within10s = { timeout: 10_000 };

/** The text of the element with `data-testid="<id>"`, inside `container` when given. */
export function text(id: string, container?: HTMLElement): string {
  return ((container ? within(container) : screen).getByTestId(id).textContent ?? "").trim();
}
