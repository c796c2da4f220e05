import { useDevServer } from "@trigger-realtime/test-support";
import { getRealtimeClient, type RealtimeClient } from "../../src/index.js";

/** The shared dev-server fixture with stores allowed to connect in Node, handing out clients. */
export function useDevServerWithClients() {
  const dev = useDevServer({ letStoresConnect: true });
  return Object.assign(dev, {
    /** A client with a token scoped by `scopes` (default: read everything). */
    client: async (scopes = ["read:all"], extra: Parameters<typeof getRealtimeClient>[0] = {}): Promise<RealtimeClient> =>
      getRealtimeClient({ baseURL: dev.baseURL, accessToken: await dev.token(scopes), ...extra }),
  });
}
