import { start } from "./actions";

export default function Home() {
  return (
    <section>
      <h2>Progress</h2>
      <p className="muted">The server triggers the task with the Trigger.dev SDK and opens the run&apos;s page.</p>
      <form action={start}>
        <button type="submit" data-testid="start">Start a run</button>
      </form>
    </section>
  );
}
