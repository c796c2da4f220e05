import { createInputStreamSend, createRun, createStream } from "@trigger-realtime/solid";
import { createSignal, Show } from "solid-js";
import { statusClass } from "../../../shared/client";
import { answerOutput, answerStatus } from "../../../shared/live-demo-client";
import type { AnswerPageData } from "../../../shared/live-demo-server";

export function LiveAnswer(props: AnswerPageData) {
  const options = () => ({ accessToken: props.publicAccessToken, baseURL: props.baseURL });
  const { run, error } = createRun(() => props.id, options);
  const text = createStream<string>(() => props.id, "text", options);
  const control = createInputStreamSend<{ type: "redirect"; prompt: string } | { type: "stop" }>("control", () => props.id, options);
  const [prompt, setPrompt] = createSignal("And what is an input stream?");
  const output = () => answerOutput(run()?.output);
  return (
    <div data-testid="answer-demo">
      <p class="row">
        Run <code>{props.id}</code>
        <span class={`badge ${statusClass(run()?.status)}`} data-testid="answer-status">{answerStatus(run())}</span>
      </p>
      <p class="answer" data-testid="answer-text">{text.parts().join("")}</p>
      <div class="row">
        <input value={prompt()} onInput={(event) => setPrompt(event.currentTarget.value)} aria-label="New prompt" data-testid="redirect-prompt" />
        <button type="button" disabled={!control.isReady()} onClick={() => void control.send({ type: "redirect", prompt: prompt() })} data-testid="redirect">Redirect</button>
        <button type="button" disabled={!control.isReady()} onClick={() => void control.send({ type: "stop" })} data-testid="stop">Stop</button>
      </div>
      <Show when={output() !== undefined}>
        <p data-testid="answer-output"><strong>Final:</strong> {output()}</p>
      </Show>
      <Show when={error() ?? control.error()}>{(failure) => <p class="error" role="alert">{failure().message}</p>}</Show>
    </div>
  );
}
