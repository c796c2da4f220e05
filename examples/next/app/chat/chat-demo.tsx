"use client";
import type { StreamPart } from "@trigger-realtime/core";
import { useSessionStream } from "@trigger-realtime/react";
import { useEffect, useState } from "react";
import { addRecords, chatTurns, emptyTranscript } from "../../../shared/live-demo-client";
import type { ChatPageData } from "../../../shared/live-demo-server";
import { open, send } from "../live-actions";

export function ChatDemo() {
  // The form needs the page\'s script: its button waits for it.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [chat, setChat] = useState<ChatPageData>();
  if (!chat) {
    return (
      <form action={async () => setChat(await open())}>
        <button type="submit" disabled={!hydrated} data-testid="open-chat">Open a chat</button>
      </form>
    );
  }
  return <LiveChat key={chat.sessionId} {...chat} />;
}

function LiveChat({ sessionId, sendKey, publicAccessToken, baseURL }: ChatPageData) {
  const [transcript, setTranscript] = useState(emptyTranscript);
  const options = { accessToken: publicAccessToken, baseURL };
  // What the task answers, cut into turns at each `turn-complete` control record.
  useSessionStream<string>(sessionId, { ...options, onRecords: (records: StreamPart<string>[]) => setTranscript((current) => addRecords(current, records)) });
  // What was sent, read back from the session: every tab on this chat sees the same conversation.
  const { records: messages } = useSessionStream<string>(sessionId, { ...options, io: "in" });
  const [error, setError] = useState<string>();
  return (
    <div data-testid="chat-demo">
      <ol className="chat">
        {chatTurns(messages, transcript).map((turn, index) => (
          <li key={index} data-testid="turn" data-complete={turn.complete}>
            <strong>You:</strong> {turn.message}
            <p className="answer">{turn.answer}{turn.complete ? <span className="muted" data-testid="turn-complete"> ✓</span> : null}</p>
          </li>
        ))}
      </ol>
      <form
        className="row"
        action={async (form) => {
          setError(undefined);
          await send({ sessionId, sendKey, text: String(form.get("message") ?? "") }).catch((failure: Error) => setError(failure.message));
        }}
      >
        <input name="message" placeholder="Say something" aria-label="Message" data-testid="chat-message" required />
        <button type="submit" data-testid="chat-send">Send</button>
      </form>
      {error ? <p className="error" role="alert">{error}</p> : null}
    </div>
  );
}
