"use client";
import { useInputStreamSend, useRealtimeRun, useRealtimeStream } from "@trigger-realtime/react";
import { useEffect, useState } from "react";
import { statusClass } from "../../../shared/client";
import { answerOutput, answerStatus } from "../../../shared/live-demo-client";
import type { AnswerPageData } from "../../../shared/live-demo-server";
import { ask } from "../live-actions";

export function AnswerDemo() {
  // The form needs the page\'s script: its button waits for it.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [answer, setAnswer] = useState<AnswerPageData>();
  return (
    <>
      <form action={async (form) => setAnswer(await ask(form))} className="row">
        <input name="prompt" defaultValue="What is Trigger.dev Realtime?" aria-label="Prompt" data-testid="prompt" />
        <button type="submit" disabled={!hydrated} data-testid="ask">Ask</button>
      </form>
      {answer ? <LiveAnswer key={answer.id} {...answer} /> : null}
    </>
  );
}

function LiveAnswer({ id, publicAccessToken, baseURL }: AnswerPageData) {
  const options = { accessToken: publicAccessToken, baseURL };
  const { run, error } = useRealtimeRun(id, options);
  const { parts } = useRealtimeStream<string>(id, "text", options);
  const control = useInputStreamSend<{ type: "redirect"; prompt: string } | { type: "stop" }>("control", id, options);
  const [prompt, setPrompt] = useState("And what is an input stream?");
  const output = answerOutput(run?.output);
  return (
    <div data-testid="answer-demo">
      <p className="row">
        Run <code>{id}</code>
        <span className={`badge ${statusClass(run?.status)}`} data-testid="answer-status">{answerStatus(run)}</span>
      </p>
      <p className="answer" data-testid="answer-text">{parts.join("")}</p>
      <div className="row">
        <input value={prompt} onChange={(event) => setPrompt(event.target.value)} aria-label="New prompt" data-testid="redirect-prompt" />
        <button type="button" disabled={!control.isReady} onClick={() => void control.send({ type: "redirect", prompt })} data-testid="redirect">Redirect</button>
        <button type="button" disabled={!control.isReady} onClick={() => void control.send({ type: "stop" })} data-testid="stop">Stop</button>
      </div>
      {output !== undefined ? <p data-testid="answer-output"><strong>Final:</strong> {output}</p> : null}
      {error ?? control.error ? <p className="error" role="alert">{(error ?? control.error)!.message}</p> : null}
    </div>
  );
}
