import { createSessionStream } from "@trigger-realtime/solid";
import { createSignal, For, Show } from "solid-js";
import { addRecords, chatTurns, emptyTranscript } from "../../../shared/live-demo-client";
import type { ChatPageData } from "../../../shared/live-demo-server";
import { send } from "../live-server";

export function LiveChat(props: ChatPageData) {
  const options = { accessToken: props.publicAccessToken, baseURL: props.baseURL };
  const [transcript, setTranscript] = createSignal(emptyTranscript);
  // What the task answers, cut into turns at each `turn-complete` control record.
  const answers = createSessionStream<string>(props.sessionId, { ...options, onRecords: (records) => setTranscript((current) => addRecords(current, records)) });
  // What was sent, read back from the session: every tab on this chat sees the same conversation.
  const messages = createSessionStream<string>(props.sessionId, { ...options, io: "in" });
  const turns = () => chatTurns(messages.records(), transcript());
  const [message, setMessage] = createSignal("");
  const [error, setError] = createSignal<string>();
  const failure = () => error() ?? answers.error()?.message ?? messages.error()?.message;
  return (
    <div data-testid="chat-demo">
      <ol class="chat">
        <For each={turns()}>
          {(turn) => (
            <li data-testid="turn" data-complete={String(turn.complete)}>
              <strong>You:</strong> {turn.message}
              <p class="answer">
                {turn.answer}
                <Show when={turn.complete}><span class="muted" data-testid="turn-complete"> ✓</span></Show>
              </p>
            </li>
          )}
        </For>
      </ol>
      <form
        class="row"
        onSubmit={async (event) => {
          event.preventDefault();
          setError(undefined);
          try {
            await send({ sessionId: props.sessionId, sendKey: props.sendKey, text: message() });
            setMessage("");
          } catch (failure) {
            setError((failure as Error).message);
          }
        }}
      >
        <input value={message()} onInput={(event) => setMessage(event.currentTarget.value)} placeholder="Say something" aria-label="Message" data-testid="chat-message" required />
        <button type="submit" data-testid="chat-send">Send</button>
      </form>
      <Show when={failure()}><p class="error" role="alert">{failure()}</p></Show>
    </div>
  );
}
