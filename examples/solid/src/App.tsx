import { For, Show, createMemo, createResource, createSignal } from "solid-js";
import {
  TriggerAuthProvider,
  createRun,
  createRunWithStreams,
  createRunsWithTag,
  createInputStreamSend,
  createSessionAppend,
  createSessionStream,
  createWaitToken,
} from "@trigger-realtime/solid";
import {
  getSession,
  initialRun,
  openChat,
  startSteerableAnswer,
  progressOf,
  startRun,
  badgeOf,
  type DemoTask,
  type Session,
  type StartedRun,
} from "../../shared/client";
import { failureMessage } from "../../shared/token-problem";
import { answerOf, canSend, canSteer, isTurnComplete, steerPhase, steerSummary, withMessage, type ChatTurn } from "../../shared/live-demo-view";

export function App() {
  const [session] = createResource(getSession);
  // Reading a failed resource throws: the parts below read the session only once it is there.
  const ready = () => (session.state === "ready" ? session() : undefined);
  return (
    <main>
      <header>
        <h1>trigger-realtime · Solid</h1>
        <p>
          Runs of the local dev server, live.{" "}
          <Show when={ready()}>
            {(current) => (
              <span class="muted">
                You are <code>{current().userTag}</code>.
              </span>
            )}
          </Show>
        </p>
      </header>
      <Show when={session.loading}>
        <p class="muted" data-testid="loading">Connecting to the dev server…</p>
      </Show>
      <Show when={session.error}>
        <p class="error" role="alert">{(session.error as Error).message}</p>
      </Show>
      <Show when={ready()}>
        {(current) => (
          <TriggerAuthProvider accessToken={current().publicAccessToken} baseURL={current().baseURL}>
            <ProgressDemo session={current()} />
            <StreamDemo session={current()} />
            <ApprovalDemo session={current()} />
            <SteerDemo baseURL={current().baseURL} />
            <ChatDemo baseURL={current().baseURL} />
            <RunList tag={current().userTag} accessToken={current().publicAccessToken} />
          </TriggerAuthProvider>
        )}
      </Show>
    </main>
  );
}

/** Starts a task through `/api`, remembers the run, and reports a failure to start. */
function createStarter(task: DemoTask, session: Session) {
  const [started, setStarted] = createSignal<StartedRun | undefined>(initialRun(task, session));
  const [starting, setStarting] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const start = (payload?: Record<string, unknown>) => {
    setStarting(true);
    setError(undefined);
    startRun(task, payload)
      .then(setStarted, (failure: Error) => setError(failure.message))
      .finally(() => setStarting(false));
  };
  const runOptions = () => ({
    accessToken: started()?.publicAccessToken,
    baseURL: session.baseURL,
    enabled: Boolean(started()),
  });
  return { started, starting, error, start, runOptions };
}

function Badge(props: { status: string | undefined; metadata?: Record<string, unknown> }) {
  const badge = () => badgeOf(props.status, props.metadata);
  return (
    <span class={`badge ${badge().className}`} data-testid="status">
      {badge().text}
    </span>
  );
}

function Failure(props: { message: string | undefined }) {
  return (
    <Show when={props.message}>
      <p class="error" role="alert">{props.message}</p>
    </Show>
  );
}

function ProgressDemo(props: { session: Session }) {
  const starter = createStarter("progress", props.session);
  const { run, error } = createRun(() => starter.started()?.id, starter.runOptions);
  const progress = () => progressOf(run()?.metadata);
  return (
    <section data-testid="progress-demo">
      <h2>Progress <Badge status={run()?.status} /></h2>
      <div class="row">
        <button data-testid="trigger" disabled={starter.starting()} onClick={() => starter.start()}>Trigger</button>
        <div class="bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress()}>
          <div style={{ width: `${progress()}%` }} />
        </div>
        <span class="percent" data-testid="percent">{progress()}%</span>
      </div>
      <Failure message={starter.error() ?? failureMessage(error(), starter.started()?.publicAccessToken)} />
    </section>
  );
}

function StreamDemo(props: { session: Session }) {
  const starter = createStarter("ai-stream", props.session);
  const { run, streams, error } = createRunWithStreams<any, { text: string }>(
    () => starter.started()?.id,
    starter.runOptions,
  );
  return (
    <section data-testid="stream-demo">
      <h2>Streamed answer <Badge status={run()?.status} /></h2>
      <div class="row">
        <button data-testid="ask" disabled={starter.starting()} onClick={() => starter.start({ prompt: "What does trigger-realtime do?" })}>
          Ask
        </button>
      </div>
      <p class="answer" data-testid="answer">{(streams().text ?? []).join("")}</p>
      <Failure message={starter.error() ?? failureMessage(error(), starter.started()?.publicAccessToken)} />
    </section>
  );
}

function ApprovalDemo(props: { session: Session }) {
  const starter = createStarter("approval", props.session);
  const { run, error } = createRun(() => starter.started()?.id, starter.runOptions);
  const tokenId = createMemo(() => run()?.metadata?.waitpointId as string | undefined);
  const tokenAccess = createMemo(() => run()?.metadata?.waitpointToken as string | undefined);
  const token = createWaitToken<{ approved: boolean }>(tokenId, () => ({
    accessToken: tokenAccess(),
    baseURL: props.session.baseURL,
    enabled: Boolean(tokenId() && tokenAccess()),
  }));
  const waiting = () => run()?.status === "WAITING" && !token.isCompleted();
  return (
    <section data-testid="approval-demo">
      <h2>Approval <Badge status={run()?.status} metadata={run()?.metadata} /></h2>
      <div class="row">
        <button data-testid="request-approval" disabled={starter.starting()} onClick={() => starter.start({ question: "Deploy to production?" })}>
          Request approval
        </button>
        <Show when={waiting()}>
          <span>{String(run()?.metadata?.question ?? "")}</span>
          <button data-testid="approve" disabled={!token.isReady() || token.isLoading()} onClick={() => void token.complete({ approved: true })}>
            Approve
          </button>
          <button class="danger" data-testid="reject" disabled={!token.isReady() || token.isLoading()} onClick={() => void token.complete({ approved: false })}>
            Reject
          </button>
        </Show>
        <Show when={token.isCompleted() && !run()?.isCompleted}>
          <span class="muted">Sent, waiting for the run to resume…</span>
        </Show>
        <Show when={run()?.isCompleted}>
          <span data-testid="decision">
            {run()?.isSuccess ? (run()?.output?.approved ? "Approved" : "Rejected") : "Run did not succeed"}
          </span>
        </Show>
      </div>
      <Failure message={starter.error() ?? failureMessage(error(), starter.started()?.publicAccessToken) ?? failureMessage(token.error(), tokenAccess())} />
    </section>
  );
}

/** Calls `start`, keeping what it gives, and reports a failure to start. */
function createStart<T>(start: () => Promise<T>) {
  const [started, setStarted] = createSignal<T>();
  const [starting, setStarting] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const begin = () => {
    setStarting(true);
    setError(undefined);
    start()
      .then((value) => setStarted(() => value), (failure: Error) => setError(failure.message))
      .finally(() => setStarting(false));
  };
  return { started, starting, error, begin };
}

type SteeringMessage = { type: "redirect"; prompt: string } | { type: "stop" };

function SteerDemo(props: { baseURL: string }) {
  const [prompt, setPrompt] = createSignal("What is Trigger.dev Realtime?");
  const [redirectTo, setRedirectTo] = createSignal("Answer in one line");
  const starter = createStart(() => startSteerableAnswer(prompt()));
  const auth = () => ({ accessToken: starter.started()?.publicAccessToken, baseURL: props.baseURL, enabled: Boolean(starter.started()) });
  const { run, streams, error } = createRunWithStreams<any, { text: string }>(() => starter.started()?.id, auth);
  const control = createInputStreamSend<SteeringMessage>("control", () => starter.started()?.id, auth);
  const phase = () => steerPhase(run()?.metadata);
  const steerable = () => canSteer(phase(), control.isReady(), control.isLoading());
  return (
    <section data-testid="steer-demo">
      <h2>
        Steerable answer <Badge status={run()?.status} /> <span class="muted phase" data-testid="steer-phase">{phase()}</span>
      </h2>
      <div class="row">
        <input type="text" aria-label="Prompt" data-testid="steer-prompt" value={prompt()} onInput={(event) => setPrompt(event.currentTarget.value)} />
        <button data-testid="steer-start" disabled={starter.starting()} onClick={starter.begin}>Answer</button>
      </div>
      <p class="answer" data-testid="steer-answer">{(streams().text ?? []).join("")}</p>
      <div class="row">
        <input type="text" aria-label="Redirect to" data-testid="redirect-prompt" value={redirectTo()} onInput={(event) => setRedirectTo(event.currentTarget.value)} />
        <button class="secondary" data-testid="redirect" disabled={!steerable()} onClick={() => void control.send({ type: "redirect", prompt: redirectTo() })}>
          Redirect
        </button>
        <button class="danger" data-testid="stop" disabled={!steerable()} onClick={() => void control.send({ type: "stop" })}>
          Stop
        </button>
      </div>
      <Show when={run()?.isCompleted}>
        <p class="final muted" data-testid="steer-final">{steerSummary(run()?.output)}</p>
      </Show>
      <Failure message={starter.error() ?? failureMessage(error(), starter.started()?.publicAccessToken) ?? control.error()?.message} />
    </section>
  );
}

function ChatDemo(props: { baseURL: string }) {
  const [message, setMessage] = createSignal("Hello there");
  const [turns, setTurns] = createSignal<ChatTurn[]>([]);
  const starter = createStart(() => {
    setTurns([]);
    return openChat();
  });
  const sessionId = () => starter.started()?.sessionId;
  const auth = () => ({ accessToken: starter.started()?.publicAccessToken, baseURL: props.baseURL, enabled: Boolean(starter.started()) });
  // A turn is complete once its `turn-complete` control record is read (`lastControl`).
  const out = createSessionStream<string>(sessionId, () => ({ ...auth(), timeoutInSeconds: 600 }));
  const append = createSessionAppend<string>(sessionId, auth);
  const send = () => {
    setTurns((current) => withMessage(current, message(), out.records().length));
    void append.send(message());
  };
  return (
    <section data-testid="chat-demo">
      <h2>Chat</h2>
      <div class="row">
        <button classList={{ secondary: Boolean(starter.started()) }} data-testid="chat-open" disabled={starter.starting()} onClick={starter.begin}>
          New chat
        </button>
        <input type="text" aria-label="Message" data-testid="chat-message" value={message()} onInput={(event) => setMessage(event.currentTarget.value)} />
        <button data-testid="chat-send" disabled={!message() || !canSend(turns(), out.lastControl(), append.isReady(), append.isLoading())} onClick={send}>
          Send
        </button>
      </div>
      <ul class="chat" data-testid="chat-log">
        <For each={turns()}>
          {(turn, index) => {
            const complete = () => isTurnComplete(turns(), index(), out.lastControl());
            return (
              <li data-complete={String(complete())}>
                <span class="you">{turn.message}</span>
                <span class="reply" data-testid="reply">{answerOf(turns(), index(), out.records())}</span>
                <span class="turn-status muted" data-testid="turn-status">{complete() ? "✓ turn complete" : "answering…"}</span>
              </li>
            );
          }}
        </For>
      </ul>
      <Failure message={starter.error() ?? failureMessage(out.error(), starter.started()?.publicAccessToken) ?? append.error()?.message} />
    </section>
  );
}

function RunList(props: { tag: string; accessToken: string }) {
  const { runs, error, isLoading } = createRunsWithTag(() => props.tag, { skipColumns: ["payload", "output"] });
  const newestFirst = () => [...runs()].reverse();
  return (
    <section data-testid="runs">
      <h2>Your runs</h2>
      <Show when={!isLoading()} fallback={<p class="muted">Loading…</p>}>
        <Show when={newestFirst().length > 0} fallback={<p class="muted">No runs yet.</p>}>
          <ul class="runs">
            <For each={newestFirst()}>
              {(run) => (
                <li>
                  <Badge status={run.status} metadata={run.metadata} /> {run.taskIdentifier} <code>{run.id}</code>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <Failure message={failureMessage(error(), props.accessToken)} />
    </section>
  );
}
