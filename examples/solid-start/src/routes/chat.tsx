import { createSignal, onMount, Show } from "solid-js";
import type { ChatPageData } from "../../../shared/live-demo-server";
import { LiveChat } from "../components/live-chat";
import { open } from "../live-server";

export default function ChatPage() {
  const [chat, setChat] = createSignal<ChatPageData>();
  // The form needs the page's script: its button waits for it.
  const [hydrated, setHydrated] = createSignal(false);
  onMount(() => setHydrated(true));
  return (
    <section>
      <h2>Chat</h2>
      <p class="muted">The server opens a session; the browser reads its channels live and sends each message through this app's server.</p>
      <Show
        when={chat()}
        keyed
        fallback={
          <form
            onSubmit={async (event) => {
              event.preventDefault();
              setChat(await open());
            }}
          >
            <button type="submit" disabled={!hydrated()} data-testid="open-chat">Open a chat</button>
          </form>
        }
      >
        {(opened) => <LiveChat {...opened} />}
      </Show>
      <p><a href="/">Back</a></p>
    </section>
  );
}
