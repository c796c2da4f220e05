import { fetchRunState, type ServerRunState } from "@trigger-realtime/core";
import type { DevServerFixture } from "./dev-server.js";
import { recordingFetch } from "./recording-fetch.js";

export interface RunReadOnServer {
  controller: ReturnType<DevServerFixture["server"]["createRun"]>;
  auth: { accessToken: string; baseURL: string };
  /** What a server render hands the browser. */
  initialState: ServerRunState;
  /** A fetch for the browser side that records its requests. */
  fetch: typeof fetch;
  /** Whether the browser side read a run feed from its beginning (`offset=-1`). */
  readFromStart(): boolean;
}

/** An executing run with `metadata`, read once as a server render would (`fetchRunState`). */
export async function runReadOnServer(fixture: DevServerFixture, metadata: Record<string, unknown>): Promise<RunReadOnServer> {
  const controller = fixture.server.createRun({ taskIdentifier: "manual", metadata });
  controller.start();
  const auth = { accessToken: fixture.readToken, baseURL: fixture.baseURL };
  const initialState = await fetchRunState(auth, controller.id);
  const { fetch, urls } = recordingFetch();
  const readFromStart = () => urls.some((url) => new URL(url).searchParams.get("offset") === "-1");
  return { controller, auth, initialState, fetch, readFromStart };
}
