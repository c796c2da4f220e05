import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { StrictMode } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { appendToSession, createChatSession, endChat, expectNoOpenConnections, long, requestsOf, useDevServer, type ChatSession } from "@trigger-realtime/test-support";
import { TriggerAuthContext, useRun, useSessionStream } from "../src/index.js";

// Sharing: every component on the same session channel or run (same token and options) shares
// one connection or request, whatever closures it passes on each render.

const dev = useDevServer();
const sessions: ChatSession[] = [];
afterEach(async () => {
  cleanup();
  sessions.splice(0).forEach((session) => endChat(dev, session));
  await expectNoOpenConnections(dev.server);
});

describe("sharing across components", () => {
  it("three chat views in StrictMode under TriggerAuthContext read the channel over one connection", async () => {
    const session = await createChatSession(dev);
    sessions.push(session);
    const before = requestsOf(dev.server, "session-stream");
    const controls: string[] = [];
    function ChatView({ name }: { name: string }) {
      // A new callback on every render: it must never cost a new connection.
      const { records, lastControl } = useSessionStream<string>(session.externalId, { onControl: (event) => void controls.push(`${name}:${event.subtype}`) });
      return <p data-testid={name}>{`${records.join("")}|${lastControl?.subtype ?? "-"}`}</p>;
    }
    render(
      <StrictMode>
        <TriggerAuthContext.Provider value={{ accessToken: session.token, baseURL: dev.baseURL }}>
          <ChatView name="a" />
          <ChatView name="b" />
          <ChatView name="c" />
        </TriggerAuthContext.Provider>
      </StrictMode>,
    );
    await appendToSession(dev, session.externalId, "in", "shared", session.token);
    for (const name of ["a", "b", "c"]) {
      await waitFor(() => expect(screen.getByTestId(name).textContent).toBe("You said: shared|turn-complete"), long);
    }
    await waitFor(() => expect(controls.sort()).toEqual(["a:turn-complete", "b:turn-complete", "c:turn-complete"]), long);
    expect(requestsOf(dev.server, "session-stream") - before).toBe(1);
  });

  it("useRun in three components fetches the run once", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual", payload: { photo: "cat.png" } });
    controller.start();
    controller.complete({ url: "cat-small.png" });
    const before = requestsOf(dev.server, "run");
    function RunView({ name }: { name: string }) {
      const { run } = useRun(controller.id, { accessToken: dev.readToken, baseURL: dev.baseURL });
      return <p data-testid={name}>{run?.status ?? "-"}</p>;
    }
    render(
      <>
        <RunView name="a" />
        <RunView name="b" />
        <RunView name="c" />
      </>,
    );
    for (const name of ["a", "b", "c"]) await waitFor(() => expect(screen.getByTestId(name).textContent).toBe("COMPLETED"), long);
    expect(requestsOf(dev.server, "run") - before).toBe(1);
  });
});
