import { startDevServer, type DevServer } from "@trigger-realtime/dev-server";
import { afterAll, beforeAll } from "vitest";
import { getRealtimeClient, setServerEnvironment, type RealtimeClient } from "../../src/index.js";

/** Starts a dev server for the file, lets stores connect in Node, and hands out clients. */
export function useDevServer() {
  const context = {} as {
    server: DevServer;
    /** A client with a token scoped by `scopes` (default: read everything). */
    client(scopes?: string[], extra?: Parameters<typeof getRealtimeClient>[0]): Promise<RealtimeClient>;
  };
  beforeAll(async () => {
    setServerEnvironment(false);
    context.server = await startDevServer({ port: 0 });
    context.client = async (scopes = ["read:all"], extra = {}) =>
      getRealtimeClient({ baseURL: context.server.url, accessToken: await context.server.createPublicToken({ scopes }), ...extra });
  });
  afterAll(async () => {
    setServerEnvironment(undefined);
    await context.server?.close();
  });
  return context;
}
