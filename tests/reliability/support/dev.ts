import type { DevServer, DevServerOptions } from "@trigger-realtime/dev-server";
import { getRealtimeClient, type RealtimeClient } from "@trigger-realtime/core";
import { afterAll, beforeAll } from "vitest";
import { useDevServer } from "@trigger-realtime/test-support";
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from "./fault-proxy.js";

export interface Lab {
  server: DevServer;
  proxy: FaultProxy;
  /** A client that talks to the API through the fault proxy. */
  client(accessToken: string, extra?: Parameters<typeof getRealtimeClient>[0]): RealtimeClient;
  /** A client straight to the dev server (no faults). */
  directClient(accessToken: string): RealtimeClient;
  /** A public token; an hour by default, so no chaos run outlives it. */
  token(scopes: string[], expirationTime?: string | number): Promise<string>;
}

/** A dev server and a fault proxy in front of it for the test file; stores may connect in Node. */
export function useLab(proxyOptions: Omit<FaultProxyOptions, "target">, server: DevServerOptions = {}): Lab {
  const dev = useDevServer({ letStoresConnect: true, server });
  const lab = {} as Lab;
  beforeAll(async () => {
    lab.server = dev.server;
    lab.proxy = await startFaultProxy({ ...proxyOptions, target: dev.baseURL });
    lab.client = (accessToken, extra = {}) => getRealtimeClient({ baseURL: lab.proxy.url, accessToken, ...extra });
    lab.directClient = (accessToken) => getRealtimeClient({ baseURL: dev.baseURL, accessToken });
    lab.token = (scopes, expirationTime = "1h") => dev.token(scopes, expirationTime);
  });
  // Registered after the server's, so it runs before the server closes.
  afterAll(() => lab.proxy?.close());
  return lab;
}
