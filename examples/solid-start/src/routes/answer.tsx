import { createSignal, onMount, Show } from "solid-js";
import type { AnswerPageData } from "../../../shared/live-demo-server";
import { LiveAnswer } from "../components/live-answer";
import { ask } from "../live-server";

export default function AnswerPage() {
  const [answer, setAnswer] = createSignal<AnswerPageData>();
  const [prompt, setPrompt] = createSignal("What is Trigger.dev Realtime?");
  // The form needs the page's script: its button waits for it.
  const [hydrated, setHydrated] = createSignal(false);
  onMount(() => setHydrated(true));
  return (
    <section>
      <h2>Steerable answer</h2>
      <p class="muted">The server starts the answer; the browser follows its text and steers it through the input stream "control".</p>
      <form
        class="row"
        onSubmit={async (event) => {
          event.preventDefault();
          setAnswer(await ask(prompt()));
        }}
      >
        <input value={prompt()} onInput={(event) => setPrompt(event.currentTarget.value)} aria-label="Prompt" data-testid="prompt" />
        <button type="submit" disabled={!hydrated()} data-testid="ask">Ask</button>
      </form>
      {/* keyed: a new answer is a new component, with subscriptions of its own. */}
      <Show when={answer()} keyed>{(started) => <LiveAnswer {...started} />}</Show>
      <p><a href="/">Back</a></p>
    </section>
  );
}
