import { startDevServer, type DevServer } from "@trigger-realtime/dev-server";
import { getRealtimeClient, setServerEnvironment, type RealtimeClient } from "@trigger-realtime/core";
import { afterAll, beforeAll } from "vitest";
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from "./fault-proxy.js";
import { eventually } from "./wait.js";

export interface Lab {
  server: DevServer;
  proxy: FaultProxy;
  /** A client that talks to the API through the fault proxy. */
  client(accessToken: string, extra?: Parameters<typeof getRealtimeClient>[0]): RealtimeClient;
  /** A client straight to the dev server (no faults). */
  directClient(accessToken: string): RealtimeClient;
  token(scopes: string[], expirationTime?: string | number): Promise<string>;
}

/** A dev server and a fault proxy in front of it for the test file; stores may connect in Node. */
export function useLab(proxyOptions: Omit<FaultProxyOptions, "target">): Lab {
  const lab = {} as Lab;
  beforeAll(async () => {
    setServerEnvironment(false);
    lab.server = await startDevServer({ port: 0 });
    lab.proxy = await startFaultProxy({ ...proxyOptions, target: lab.server.url });
    lab.client = (accessToken, extra = {}) => getRealtimeClient({ baseURL: lab.proxy.url, accessToken, ...extra });
    lab.directClient = (accessToken) => getRealtimeClient({ baseURL: lab.server.url, accessToken });
    lab.token = (scopes, expirationTime = "1h") => lab.server.createPublicToken({ scopes, expirationTime });
  });
  afterAll(async () => {
    setServerEnvironment(undefined);
    await lab.proxy?.close();
    await lab.server?.close();
  });
  return lab;
}

/** Waits until the dev server holds no long-poll and no stream (stores close 1 s after their last listener). */
export async function noOpenConnections(server: DevServer, timeoutMs = 8_000): Promise<void> {
  try {
    await eventually(() => server.stats().openShapeRequests === 0 && server.stats().openStreams === 0, timeoutMs, "every connection to close");
  } catch (error) {
    const { openShapeRequests, openStreams } = server.stats();
    throw new Error(`${(error as Error).message}: ${openShapeRequests} long-polls and ${openStreams} streams still open`);
  }
}
