import { act, cleanup, render, renderHook, screen, waitFor } from "@testing-library/react";
import { useState, type ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { long, recordingFetch, unique, useDevServer } from "@trigger-realtime/test-support";
import {
  TriggerAuthContext,
  useRealtimeRun,
  useRealtimeRunsWithTag,
  useTaskTrigger,
  useTriggerAuthContext,
  useTriggerAuthContextOptional,
  type TriggerAuthConfig,
} from "../src/index.js";

const dev = useDevServer();
afterEach(cleanup);

const provide = (value: TriggerAuthConfig) =>
  function Provider({ children }: { children: ReactNode }) {
    return <TriggerAuthContext.Provider value={value}>{children}</TriggerAuthContext.Provider>;
  };

describe("TriggerAuthContext", () => {
  it("gives every hook below it the token and base URL", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual", tags: [unique("ctx")] });
    const tag = controller.run.tags[0]!;
    const accessToken = await dev.server.createPublicToken({ scopes: ["read:all", "trigger:tasks:progress"] });
    const { result } = renderHook(
      () => ({
        run: useRealtimeRun(controller.run.friendlyId),
        list: useRealtimeRunsWithTag(tag),
        trigger: useTaskTrigger("progress"),
      }),
      { wrapper: provide({ accessToken, baseURL: dev.baseURL }) },
    );
    await waitFor(() => expect(result.current.run.run?.id).toBe(controller.run.friendlyId), long);
    await waitFor(() => expect(result.current.list.runs).toHaveLength(1), long);
    const handle = await result.current.trigger.submit({ steps: 1, delayMs: 1 });
    expect(handle.id).toMatch(/^run_/);
  });

  it("lets per-call options win, field by field", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const { fetch, urls } = recordingFetch();
    const { result } = renderHook(() => useRealtimeRun(controller.run.friendlyId, { accessToken: dev.readToken }), {
      // The context's token could not read this run; its base URL and fetch are still used.
      wrapper: provide({ accessToken: "not-a-token", baseURL: dev.baseURL, fetch }),
    });
    await waitFor(() => expect(result.current.run?.status).toBe("QUEUED"), long);
    expect(urls.every((url) => url.startsWith(dev.baseURL))).toBe(true);
    expect(urls.length).toBeGreaterThan(0);
  });

  it("resubscribes when the provided token changes", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const runId = controller.run.friendlyId;
    const other = await dev.server.createPublicToken({ scopes: ["read:runs:run_other"] });
    let setToken!: (token: string) => void;
    function App() {
      const [accessToken, set] = useState(other);
      setToken = set;
      return (
        <TriggerAuthContext.Provider value={{ accessToken, baseURL: dev.baseURL }}>
          <Status />
        </TriggerAuthContext.Provider>
      );
    }
    function Status() {
      const { run, error } = useRealtimeRun(runId);
      return <p data-testid="status">{error ? "error" : (run?.status ?? "none")}</p>;
    }
    render(<App />);
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("error"), long);
    const readThisRun = await dev.server.createPublicToken({ scopes: [`read:runs:${runId}`] });
    act(() => setToken(readThisRun));
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("QUEUED"), long);
  });

  it("useTriggerAuthContext throws without a provider; the optional one returns {}", () => {
    // React reports the render error on the console too; keep the test output clean.
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => renderHook(() => useTriggerAuthContext())).toThrow(/TriggerAuthContext/);
    quiet.mockRestore();
    expect(renderHook(() => useTriggerAuthContextOptional()).result.current).toEqual({});
    const value = { accessToken: "tok", baseURL: dev.baseURL };
    expect(renderHook(() => useTriggerAuthContext(), { wrapper: provide(value) }).result.current).toBe(value);
    expect(renderHook(() => useTriggerAuthContextOptional(), { wrapper: provide(value) }).result.current).toBe(value);
  });
});
