import { action, redirect } from "@solidjs/router";
import { startProgressRun } from "../../../shared/run-page";

// Trigger the demo task on the server, then show its run.
const start = action(async () => {
  "use server";
  throw redirect(`/runs/${await startProgressRun()}`);
}, "start");

export default function Home() {
  return (
    <>
      <section>
        <h2>Progress</h2>
        <p class="muted">The server triggers the task with the Trigger.dev SDK and opens the run's page.</p>
        {/* A server action: the form works before (and without) JavaScript. */}
        <form action={start} method="post">
          <button type="submit" data-testid="start">Start a run</button>
        </form>
      </section>
      <section>
        <h2>Steered by the browser</h2>
        <p class="row">
          <a href="/answer" data-testid="answer-link">Steerable answer</a>
          <a href="/chat" data-testid="chat-link">Chat</a>
        </p>
      </section>
    </>
  );
}
