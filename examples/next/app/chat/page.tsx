import { ChatDemo } from "./chat-demo";

export default function ChatPage() {
  return (
    <section>
      <h2>Chat</h2>
      <p className="muted">The server opens a session; the browser reads its channels live and sends each message through this app&apos;s server.</p>
      <ChatDemo />
      <p><a href="/">Back</a></p>
    </section>
  );
}
