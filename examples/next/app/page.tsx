import { start } from "./actions";

export default function Home() {
  return (
    <>
      <section>
        <h2>Progress</h2>
        <p className="muted">The server triggers the task with the Trigger.dev SDK and opens the run&apos;s page.</p>
        <form action={start}>
          <button type="submit" data-testid="start">Start a run</button>
        </form>
      </section>
      <section>
        <h2>Steered by the browser</h2>
        <p className="row">
          <a href="/answer" data-testid="answer-link">Steerable answer</a>
          <a href="/chat" data-testid="chat-link">Chat</a>
        </p>
      </section>
    </>
  );
}
