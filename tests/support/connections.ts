import type { DevServer } from "@trigger-realtime/dev-server";
import { expect, vi } from "vitest";
import { sleep } from "./wait.js";

/** Requests of one route kind (`shape`, `stream`, `trigger`, …) served so far. */
export const requestsOf = (server: DevServer, kind: string) => server.stats().requests[kind] ?? 0;

/** Proving that nothing happens needs a pause: long enough for a started request to show. */
export const quietPeriod = () => sleep(150);

/** Waits until the server holds exactly these connections. */
export async function expectConnections(server: DevServer, expected: { openShapeRequests: number; openStreams: number }, timeout = 10_000): Promise<void> {
  await vi.waitFor(() => {
    const { openShapeRequests, openStreams } = server.stats();
    expect({ openShapeRequests, openStreams }).toEqual(expected);
  }, { timeout, interval: 25 });
}

/** Waits until the server holds no long-poll and no stream (stores close 1 s after the last listener). */
export const expectNoOpenConnections = (server: DevServer, timeout = 10_000) => expectConnections(server, { openShapeRequests: 0, openStreams: 0 }, timeout);

/**
 * Waits until the server holds no long-poll and no stream, and no new one starts: a live feed
 * has a gap between two long-polls, in which no connection is open either.
 */
export async function expectConnectionsToStayClosed(server: DevServer, timeout = 10_000): Promise<void> {
  const live = () => requestsOf(server, "shape") + requestsOf(server, "stream");
  await vi.waitFor(async () => {
    const before = live();
    const { openShapeRequests, openStreams } = server.stats();
    expect({ openShapeRequests, openStreams }).toEqual({ openShapeRequests: 0, openStreams: 0 });
    await quietPeriod();
    expect(live()).toBe(before);
    expect(server.stats().openShapeRequests + server.stats().openStreams).toBe(0);
  }, { timeout, interval: 25 });
}
