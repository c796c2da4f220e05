import { startDevServer, type DevServer } from "@trigger-realtime/dev-server";
import { afterAll, beforeAll, expect, vi } from "vitest";

export interface DevServerFixture {
  server: DevServer;
  baseURL: string;
  /** A public token that may read everything. */
  readAll: string;
}

/** Starts a dev server for this test file (port 0) and closes it at the end. */
export function useDevServer(): DevServerFixture {
  const fixture = {} as DevServerFixture;
  beforeAll(async () => {
    fixture.server = await startDevServer({ port: 0 });
    fixture.baseURL = fixture.server.url;
    fixture.readAll = await fixture.server.createPublicToken({ scopes: ["read:all"] });
  });
  afterAll(() => fixture.server?.close());
  return fixture;
}

export const long = { timeout: 10_000 };

/** Waits until the server holds exactly these connections. */
export async function expectConnections(server: DevServer, expected: { openShapeRequests: number; openStreams: number }): Promise<void> {
  await vi.waitFor(() => {
    const { openShapeRequests, openStreams } = server.stats();
    expect({ openShapeRequests, openStreams }).toEqual(expected);
  }, { timeout: 5_000, interval: 25 });
}

/** Waits until the server holds no long-poll and no stream (stores close 1 s after the last listener). */
export const expectNoOpenConnections = (server: DevServer) => expectConnections(server, { openShapeRequests: 0, openStreams: 0 });

/** A unique name, so tests sharing a server never see each other's runs. */
export const unique = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 10)}`;

/** A fetch that records every URL it is asked for, then makes the real request. */
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

/** Requests of one route kind (`shape`, `stream`, `trigger`, …) served so far. */
export const requestsOf = (server: DevServer, kind: string) => server.stats().requests[kind] ?? 0;
