import { startDevServer, type DevServer } from "@trigger-realtime/dev-server";
import { afterAll, beforeAll, expect, vi } from "vitest";

export interface DevServerFixture {
  server: DevServer;
  baseURL: string;
  /** A public token that may read everything. */
  readAll: string;
}

/** Starts a dev server for this file (port 0) and closes it at the end. */
export function useDevServer(): DevServerFixture {
  const fixture = {} as DevServerFixture;
  beforeAll(async () => {
    fixture.server = await startInThisRealm();
    fixture.baseURL = fixture.server.url;
    fixture.readAll = await fixture.server.createPublicToken({ scopes: ["read:all"] });
  });
  afterAll(() => fixture.server?.close());
  return fixture;
}

/**
 * Starts the dev server in a jsdom environment. jsdom replaces the global typed-array
 * constructors while Node's TextEncoder keeps returning Node's Uint8Array, so the server's
 * signing key (encoded once, at start) fails jose's `instanceof Uint8Array` check. Encoding it
 * with this realm's Uint8Array lets the server sign and verify tokens as it does under Node.
 */
async function startInThisRealm(): Promise<DevServer> {
  const NodeTextEncoder = globalThis.TextEncoder;
  globalThis.TextEncoder = class extends NodeTextEncoder {
    override encode(input?: string) {
      return new Uint8Array(super.encode(input));
    }
  } as typeof TextEncoder;
  try {
    return await startDevServer({ port: 0 });
  } finally {
    globalThis.TextEncoder = NodeTextEncoder;
  }
}

/** Waits until the server holds no long-poll and no stream (the core closes 1 s after the last listener). */
export async function expectNoOpenConnections(server: DevServer): Promise<void> {
  await vi.waitFor(
    () => {
      const { openShapeRequests, openStreams } = server.stats();
      expect({ openShapeRequests, openStreams }).toEqual({ openShapeRequests: 0, openStreams: 0 });
    },
    { timeout: 5_000, interval: 50 },
  );
}

/** A unique name, so tests sharing a server never see each other's runs. */
export const unique = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 10)}`;

/** A fetch that records every URL it is asked for, then does the real request. */
export function recordingFetch(): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: (input, init) => {
      urls.push(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      return fetch(input, init);
    },
  };
}
