import { startDevServer, type DevServer } from "@trigger-realtime/dev-server";
import { afterAll, beforeAll, vi } from "vitest";

/** A dev server for the test file. */
export function useDevServer() {
  const context = {} as { server: DevServer; token(scopes?: string[]): Promise<string> };
  beforeAll(async () => {
    context.server = await startDevServer({ port: 0 });
    context.token = (scopes = ["read:all"]) => context.server.createPublicToken({ scopes });
  });
  afterAll(() => context.server?.close());
  return context;
}

/** Waits until `check` passes (throws the last assertion error on timeout). */
export const until = (check: () => void, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 20 });
