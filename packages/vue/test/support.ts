import { startDevServer, type DevServer } from "@trigger-realtime/dev-server";
import { render } from "@testing-library/vue";
import { afterAll, beforeAll, expect, vi } from "vitest";
import { defineComponent, type VNodeChild } from "vue";

export interface DevServerFixture {
  server: DevServer;
  baseURL: string;
  /** A public token that may read everything. */
  readAll: string;
  /** A public token with these scopes. */
  token(scopes: string[]): Promise<string>;
}

/** A dev server for the test file (port 0), closed at the end. */
export function useDevServer(): DevServerFixture {
  const fixture = {} as DevServerFixture;
  beforeAll(async () => {
    fixture.server = await startDevServer({ port: 0 });
    fixture.baseURL = fixture.server.url;
    fixture.readAll = await fixture.server.createPublicToken({ scopes: ["read:all"] });
    fixture.token = (scopes) => fixture.server.createPublicToken({ scopes });
  });
  afterAll(() => fixture.server?.close());
  return fixture;
}

/** Waits until `check` passes; throws its last failure on timeout. */
export const until = (check: () => void, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 20 });

/** Renders a component whose setup is `setup` (composables run in a real component). */
export const mount = (setup: () => () => VNodeChild, options?: Parameters<typeof render>[1]) => render(defineComponent({ setup }), options);

/**
 * Waits until the server holds no long-poll and no stream (stores close 1 s after the last
 * listener), and no new one starts: a live feed has a gap between two long-polls.
 */
export async function expectNoOpenConnections(server: DevServer): Promise<void> {
  const live = () => requestsOf(server, "shape") + requestsOf(server, "stream");
  await vi.waitFor(
    async () => {
      const before = live();
      const { openShapeRequests, openStreams } = server.stats();
      expect({ openShapeRequests, openStreams }).toEqual({ openShapeRequests: 0, openStreams: 0 });
      await quietPeriod();
      expect(live()).toBe(before);
      expect(server.stats().openShapeRequests + server.stats().openStreams).toBe(0);
    },
    { timeout: 6_000, interval: 25 },
  );
}

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

/** A unique name, so tests sharing a server never see each other's runs. */
export const unique = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 10)}`;

/** Proving that nothing happens needs a pause: long enough for a started request to show. */
export const quietPeriod = () => new Promise((resolve) => setTimeout(resolve, 150));
