import { startDevServer, type DevServer, type DevServerOptions } from "@trigger-realtime/dev-server";
import { useDevServer as useSharedDevServer } from "@trigger-realtime/test-support";

/** The shared dev-server fixture, started so that it works in this file's jsdom realm. */
export const useDevServer = () => useSharedDevServer({ start: startInThisRealm });

/**
 * Starts the dev server in a jsdom environment. jsdom replaces the global typed-array
 * constructors while Node's TextEncoder keeps returning Node's Uint8Array, so the server's
 * signing key (encoded once, at start) fails jose's `instanceof Uint8Array` check. Encoding it
 * with this realm's Uint8Array lets the server sign and verify tokens as it does under Node.
 */
async function startInThisRealm(options: DevServerOptions): Promise<DevServer> {
  const NodeTextEncoder = globalThis.TextEncoder;
  globalThis.TextEncoder = class extends NodeTextEncoder {
    override encode(input?: string) {
      return new Uint8Array(super.encode(input));
    }
  } as typeof TextEncoder;
  try {
    return await startDevServer(options);
  } finally {
    globalThis.TextEncoder = NodeTextEncoder;
  }
}
