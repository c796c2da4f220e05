import { createRoot, createSignal, type JSX } from "solid-js";
import { cleanup, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { long } from "@trigger-realtime/test-support";
import { createRun, TriggerAuthProvider, useTriggerAuth, type TriggerAuthOptions } from "../src/index.js";
import { useDevServer } from "./dev-server.js";

const dev = useDevServer();
afterEach(cleanup);

function RunStatus(props: { runId: string; accessToken?: string }): JSX.Element {
  const { run, error } = createRun(() => props.runId, () => ({ accessToken: props.accessToken }));
  return <span data-testid="run">{error() ? `error ${(error() as { code?: string }).code}` : `${run()?.metadata?.label ?? "none"}`}</span>;
}

describe("TriggerAuthProvider", () => {
  it("gives its token and base URL to the primitives below it", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual", metadata: { label: "from provider" } });
    render(() => (
      <TriggerAuthProvider accessToken={dev.readToken} baseURL={dev.baseURL}>
        <RunStatus runId={controller.run.friendlyId} />
      </TriggerAuthProvider>
    ));
    await waitFor(() => expect(screen.getByTestId("run").textContent).toBe("from provider"), long);
  });

  it("moves every subscription below to a new token", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual", metadata: { label: "allowed" } });
    const [token, setToken] = createSignal(await dev.server.createPublicToken({ scopes: ["read:runs:run_nope"] }));
    render(() => (
      <TriggerAuthProvider accessToken={token()} baseURL={dev.baseURL}>
        <RunStatus runId={controller.run.friendlyId} />
      </TriggerAuthProvider>
    ));
    await waitFor(() => expect(screen.getByTestId("run").textContent).toBe("error forbidden"), long);
    setToken(await dev.server.createPublicToken({ scopes: [`read:runs:${controller.run.friendlyId}`] }));
    await waitFor(() => expect(screen.getByTestId("run").textContent).toBe("allowed"), long);
  });

  it("lets a primitive's own options win, field by field", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual", metadata: { label: "own token" } });
    const wrong = await dev.server.createPublicToken({ scopes: ["read:runs:run_nope"] });
    render(() => (
      <TriggerAuthProvider accessToken={wrong} baseURL={dev.baseURL}>
        <RunStatus runId={controller.run.friendlyId} accessToken={dev.readToken} />
      </TriggerAuthProvider>
    ));
    await waitFor(() => expect(screen.getByTestId("run").textContent).toBe("own token"), long);
  });

  it("refreshes an expired token with refreshAccessToken", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual", metadata: { label: "refreshed" } });
    const expired = await dev.server.createPublicToken({ scopes: ["read:all"], expirationTime: Math.floor(Date.now() / 1000) - 60 });
    let refreshes = 0;
    const refreshAccessToken = async () => {
      refreshes++;
      return dev.readToken;
    };
    render(() => (
      <TriggerAuthProvider accessToken={expired} baseURL={dev.baseURL} refreshAccessToken={refreshAccessToken}>
        <RunStatus runId={controller.run.friendlyId} />
      </TriggerAuthProvider>
    ));
    await waitFor(() => expect(screen.getByTestId("run").textContent).toBe("refreshed"), long);
    expect(refreshes).toBe(1);
  });

  it("is read with useTriggerAuth, undefined outside a provider", () => {
    let inside: TriggerAuthOptions | undefined;
    let outside: TriggerAuthOptions | undefined = {};
    function Probe() {
      inside = useTriggerAuth();
      return null;
    }
    render(() => (
      <TriggerAuthProvider accessToken="tr_pat_probe" baseURL="http://127.0.0.1:1">
        <Probe />
      </TriggerAuthProvider>
    ));
    createRoot((dispose) => {
      outside = useTriggerAuth();
      dispose();
    });
    expect({ ...inside }).toEqual({ accessToken: "tr_pat_probe", baseURL: "http://127.0.0.1:1" });
    expect(outside).toBeUndefined();
  });
});
