import { setServerEnvironment } from "@trigger-realtime/core";
import { startDevServer, type DevServer, type DevServerOptions } from "@trigger-realtime/dev-server";
import { afterAll, beforeAll } from "vitest";

export interface DevServerFixture {
  server: DevServer;
  baseURL: string;
  /** A public token with the fixture's read scopes (`read:all` unless told otherwise). */
  readToken: string;
  /** A public token with these scopes (15 minutes unless told otherwise). */
  token(scopes: string[], expirationTime?: string | number | Date): Promise<string>;
}

export interface DevServerFixtureOptions {
  /** Passed to the server; the port is 0 (a free one) unless given. */
  server?: DevServerOptions;
  /** The scopes of `readToken`. Default `["read:all"]`. */
  readScopes?: string[];
  /** Turns the core's server guard off for the file: the tests run in Node, yet their stores must connect. */
  letStoresConnect?: boolean;
  /** Starts the server; for environments whose globals need a hand first. */
  start?: (options: DevServerOptions) => Promise<DevServer>;
}

/** Starts a dev server for the test file and closes it at the end. The fields are set in `beforeAll`. */
export function useDevServer({ server = {}, readScopes = ["read:all"], letStoresConnect = false, start = startDevServer }: DevServerFixtureOptions = {}): DevServerFixture {
  const fixture = {} as DevServerFixture;
  beforeAll(async () => {
    if (letStoresConnect) setServerEnvironment(false);
    fixture.server = await start({ port: 0, ...server });
    fixture.baseURL = fixture.server.url;
    fixture.token = (scopes, expirationTime) => fixture.server.createPublicToken({ scopes, expirationTime });
    fixture.readToken = await fixture.token(readScopes);
  });
  afterAll(async () => {
    if (letStoresConnect) setServerEnvironment(undefined);
    await fixture.server?.close();
  });
  return fixture;
}
