import { render } from "@testing-library/vue";
import { vi } from "vitest";
import { defineComponent, type VNodeChild } from "vue";

/** Waits until `check` passes; throws its last failure on timeout. */
export const until = (check: () => void, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 20 });

/** Renders a component whose setup is `setup` (composables run in a real component). */
export const mount = (setup: () => () => VNodeChild, options?: Parameters<typeof render>[1]) => render(defineComponent({ setup }), options);
