import { cleanup } from "@testing-library/vue";
import { afterEach, describe, expect, it } from "vitest";
import { h, ref } from "vue";
import { appendToSession, createChatSession, endChat, useDevServer, type ChatSession } from "@trigger-realtime/test-support";
import { provideTriggerAuth, useRunQuery, useSessionChannel, useSessionStream } from "../src/index.js";
import { mount, until } from "./support.js";

// In a component, with refs as arguments and option fields, and auth provided by an ancestor.

const dev = useDevServer();
const sessions: ChatSession[] = [];
afterEach(() => {
  cleanup();
  sessions.splice(0).forEach((session) => endChat(dev, session));
});

describe("useSessionStream, useSessionChannel and useRunQuery in a component", () => {
  it("follow refs: a session id set later, a channel's sessionId field, auth from provideTriggerAuth", async () => {
    const session = await createChatSession(dev);
    sessions.push(session);
    await appendToSession(dev, session.id, "channels/progress/out", "half");
    const chatId = ref<string>();
    const sessionId = ref<string>();
    const Chat = {
      setup() {
        const chat = useSessionStream<string>(chatId);
        const progress = useSessionChannel("progress", { sessionId });
        return () =>
          h("div", [
            h("p", { "data-testid": "chat" }, `${chat.status.value}:${chat.records.value.join("")}:${chat.lastControl.value?.subtype ?? "-"}`),
            h("p", { "data-testid": "progress" }, progress.records.value.join(",")),
          ]);
      },
    };
    const view = mount(() => {
      provideTriggerAuth({ accessToken: session.token, baseURL: dev.baseURL });
      return () => h(Chat);
    });
    await until(() => expect(view.getByTestId("chat").textContent).toBe("idle::-"));
    chatId.value = session.externalId;
    sessionId.value = session.id;
    await appendToSession(dev, session.externalId, "in", "hi", session.token);
    await until(() => expect(view.getByTestId("chat").textContent).toBe("live:You said: hi:turn-complete"));
    await until(() => expect(view.getByTestId("progress").textContent).toBe("half"));
  });

  it("useRunQuery follows a refreshInterval ref", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const refreshInterval = ref(0);
    const view = mount(() => {
      const { run } = useRunQuery(controller.id, { accessToken: dev.readToken, baseURL: dev.baseURL, refreshInterval, revalidateOnFocus: false });
      return () => h("p", { "data-testid": "status" }, run.value?.status ?? "-");
    });
    await until(() => expect(view.getByTestId("status").textContent).toBe("QUEUED"));
    controller.start();
    refreshInterval.value = 50;
    await until(() => expect(view.getByTestId("status").textContent).toBe("EXECUTING"));
  });
});
