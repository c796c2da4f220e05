import { render } from "@testing-library/vue";
import { vi } from "vitest";
import { defineComponent, type App, type VNodeChild } from "vue";

/** Waits until `check` passes; throws its last failure on timeout. */
export const until = (check: () => void, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 20 });

/** Renders a component whose setup is `setup` (composables run in a real component). */
export const mount = (setup: () => () => VNodeChild, options?: Parameters<typeof render>[1]) => render(defineComponent({ setup }), options);

/** Mounts `app` over server HTML in a new container; returns what Vue said while hydrating it. */
export function hydrate(app: App, html: string): { container: HTMLElement; said: string } {
  const container = document.createElement("div");
  container.innerHTML = html;
  document.body.append(container);
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    app.mount(container);
    return { container, said: [...warn.mock.calls, ...error.mock.calls].flat().join("\n") };
  } finally {
    warn.mockRestore();
    error.mockRestore();
  }
}
