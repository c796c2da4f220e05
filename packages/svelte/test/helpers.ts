import "./node-realm.js";
import { screen, within } from "@testing-library/svelte";
import { startDevServer, type DevServer } from "@trigger-realtime/dev-server";
import { afterAll, beforeAll } from "vitest";

/** A dev server for this test file, with a token that may read every run. */
export function useDevServer(): { server: DevServer; readToken: string; baseURL: string } {
  const context = {} as { server: DevServer; readToken: string; baseURL: string };
  beforeAll(async () => {
    context.server = await startDevServer({ port: 0 });
    context.baseURL = context.server.url;
    context.readToken = await context.server.createPublicToken({ scopes: ["read:runs"] });
  });
  afterAll(() => context.server.close());
  return context;
}

/** The text of the element with `data-testid="<id>"`, inside `container` when given. */
export function text(id: string, container?: HTMLElement): string {
  return ((container ? within(container) : screen).getByTestId(id).textContent ?? "").trim();
}

/** A fetch that records the URL of every request it makes. */
export function countingFetch(): { fetch: typeof fetch; requests: string[] } {
  const requests: string[] = [];
  return {
    requests,
    fetch: (input, init) => {
      requests.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    },
  };
}
