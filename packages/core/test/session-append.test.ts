import { afterEach, describe, expect, it } from "vitest";
import { createChatSession, endChat, eventually, useDevServer, waitForState, type ChatSession } from "@trigger-realtime/test-support";
import { createRealtimeClient, RealtimeError, sessionAppend } from "../src/index.js";
import { recordStates } from "./support/record-states.js";

const dev = useDevServer();
const clientWith = (accessToken: string) => createRealtimeClient({ baseURL: dev.baseURL, accessToken });
const sessions: ChatSession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) endChat(dev, session);
});

const chat = async () => {
  const session = await createChatSession(dev);
  sessions.push(session);
  return session;
};

/** The data of the records a channel of a session holds now (read with the secret key). */
async function records(session: string, path: string): Promise<unknown[]> {
  const response = await fetch(`${dev.baseURL}/realtime/v1/sessions/${session}/${path}/records`, {
    headers: { authorization: `Bearer ${dev.server.secretKey}` },
  });
  const body = (await response.json()) as { records: { data: unknown; headers?: [string, string][] }[] };
  return body.records.filter((record) => !record.headers?.some(([name]) => name === "trigger-control")).map((record) => record.data);
}

const answer = async (session: string) => ((await records(session, "out")) as string[]).join("");

describe("sessionAppend", () => {
  it("appends a message the session's task answers, moving through isLoading", async () => {
    const session = await chat();
    const store = sessionAppend<string>(clientWith(session.token), session.externalId);
    expect(store.get()).toEqual({ isReady: true, isLoading: false, error: undefined });
    const { states, stop } = recordStates(store);
    await expect(store.send("hello")).resolves.toEqual({ ok: true });
    stop();
    expect(states.map((state) => state.isLoading)).toEqual([true, false]);
    await eventually(async () => (await answer(session.externalId)) === "You said: hello", 15_000, "the answer");
  });

  it("sends a string as it is and anything else as JSON, by id as by external id", async () => {
    const session = await chat();
    await sessionAppend(clientWith(session.token), session.id).send({ text: "as an object" });
    await eventually(async () => (await answer(session.id)) === "You said: as an object", 15_000, "the first answer");
    await sessionAppend(clientWith(session.token), session.externalId).send("plain");
    expect(await records(session.id, "in")).toEqual(['{"text":"as an object"}', "plain"]);
  });

  it("appends to a named side channel, which starts no run", async () => {
    const session = await chat();
    await sessionAppend(clientWith(session.token), session.externalId, { channel: "notes" }).send({ note: 1 });
    expect(await records(session.externalId, "channels/notes/in")).toEqual(['{"note":1}']);
    expect(await records(session.externalId, "in")).toEqual([]);
  });

  it("is not ready without a session, and puts the server's refusal in state", async () => {
    const none = sessionAppend(clientWith(dev.server.secretKey), undefined);
    expect(none.get().isReady).toBe(false);
    await expect(none.send("x")).rejects.toMatchObject({ code: "bad_request" });
    expect(none.get()).toMatchObject({ isLoading: false, error: expect.any(RealtimeError) });

    const session = await chat();
    const readOnly = sessionAppend(clientWith(await dev.token([`read:sessions:${session.externalId}`])), session.externalId);
    const error = await readOnly.send("x").catch((caught: RealtimeError) => caught);
    expect(error).toMatchObject({ code: "forbidden", status: 403 });
    await waitForState(readOnly, (state) => state.error === error);
  });
});
