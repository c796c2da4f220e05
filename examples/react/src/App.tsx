import { useEffect, useState } from "react";
import {
  TriggerAuthContext,
  useRealtimeRun,
  useRealtimeRunWithStreams,
  useRealtimeRunsWithTag,
  useInputStreamSend,
  useSessionAppend,
  useSessionStream,
  useWaitToken,
} from "@trigger-realtime/react";
import {
  getSession,
  initialRun,
  openChat,
  startSteerableAnswer,
  type ChatSession,
  type SteerableAnswer,
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
  const [session, setSession] = useState<Session>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    getSession().then(setSession, (failure: Error) => setError(failure.message));
  }, []);

  return (
    <main>
      <header>
        <h1>trigger-realtime · React</h1>
        <p>Runs of the local dev server, live. {session && <span className="muted">You are <code>{session.userTag}</code>.</span>}</p>
      </header>
      {!session && !error && <p className="muted" data-testid="loading">Connecting to the dev server…</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {session && (
        <TriggerAuthContext.Provider value={{ accessToken: session.publicAccessToken, baseURL: session.baseURL }}>
          <ProgressDemo session={session} />
          <StreamDemo session={session} />
          <ApprovalDemo session={session} />
          <SteerDemo baseURL={session.baseURL} />
          <ChatDemo baseURL={session.baseURL} />
          <RunList tag={session.userTag} accessToken={session.publicAccessToken} />
        </TriggerAuthContext.Provider>
      )}
    </main>
  );
}

/** Starts a task through `/api`, remembers the run, and reports a failure to start. */
function useStarter(task: DemoTask, session: Session) {
  const [started, setStarted] = useState<StartedRun | undefined>(() => initialRun(task, session));
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string>();
  const start = (payload?: Record<string, unknown>) => {
    setStarting(true);
    setError(undefined);
    startRun(task, payload)
      .then(setStarted, (failure: Error) => setError(failure.message))
      .finally(() => setStarting(false));
  };
  return { started, starting, error, start };
}

function Badge({ status, metadata }: { status: string | undefined; metadata?: Record<string, unknown> }) {
  const { text, className } = badgeOf(status, metadata);
  return (
    <span className={`badge ${className}`} data-testid="status">
      {text}
    </span>
  );
}

function Failure({ message }: { message: string | undefined }) {
  return message ? <p className="error" role="alert">{message}</p> : null;
}

function ProgressDemo({ session }: { session: Session }) {
  const { baseURL } = session;
  const { started, starting, error: startError, start } = useStarter("progress", session);
  const { run, error } = useRealtimeRun(started?.id, {
    accessToken: started?.publicAccessToken,
    baseURL,
    enabled: Boolean(started),
  });
  const progress = progressOf(run?.metadata);
  return (
    <section data-testid="progress-demo">
      <h2>Progress <Badge status={run?.status} /></h2>
      <div className="row">
        <button data-testid="trigger" disabled={starting} onClick={() => start()}>Trigger</button>
        <div className="bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress}>
          <div style={{ width: `${progress}%` }} />
        </div>
        <span className="percent" data-testid="percent">{progress}%</span>
      </div>
      <Failure message={startError ?? failureMessage(error, started?.publicAccessToken)} />
    </section>
  );
}

function StreamDemo({ session }: { session: Session }) {
  const { baseURL } = session;
  const { started, starting, error: startError, start } = useStarter("ai-stream", session);
  const { run, streams, error } = useRealtimeRunWithStreams<any, { text: string }>(started?.id, {
    accessToken: started?.publicAccessToken,
    baseURL,
    enabled: Boolean(started),
  });
  return (
    <section data-testid="stream-demo">
      <h2>Streamed answer <Badge status={run?.status} /></h2>
      <div className="row">
        <button data-testid="ask" disabled={starting} onClick={() => start({ prompt: "What does trigger-realtime do?" })}>
          Ask
        </button>
      </div>
      <p className="answer" data-testid="answer">{(streams.text ?? []).join("")}</p>
      <Failure message={startError ?? failureMessage(error, started?.publicAccessToken)} />
    </section>
  );
}

function ApprovalDemo({ session }: { session: Session }) {
  const { baseURL } = session;
  const { started, starting, error: startError, start } = useStarter("approval", session);
  const { run, error } = useRealtimeRun(started?.id, {
    accessToken: started?.publicAccessToken,
    baseURL,
    enabled: Boolean(started),
  });
  const tokenId = run?.metadata?.waitpointId as string | undefined;
  const tokenAccess = run?.metadata?.waitpointToken as string | undefined;
  const token = useWaitToken<{ approved: boolean }>(tokenId, {
    accessToken: tokenAccess,
    baseURL,
    enabled: Boolean(tokenId && tokenAccess),
  });
  const waiting = run?.status === "WAITING" && !token.isCompleted;
  return (
    <section data-testid="approval-demo">
      <h2>Approval <Badge status={run?.status} metadata={run?.metadata} /></h2>
      <div className="row">
        <button data-testid="request-approval" disabled={starting} onClick={() => start({ question: "Deploy to production?" })}>
          Request approval
        </button>
        {waiting && (
          <>
            <span>{String(run?.metadata?.question ?? "")}</span>
            <button data-testid="approve" disabled={!token.isReady || token.isLoading} onClick={() => void token.complete({ approved: true })}>
              Approve
            </button>
            <button className="danger" data-testid="reject" disabled={!token.isReady || token.isLoading} onClick={() => void token.complete({ approved: false })}>
              Reject
            </button>
          </>
        )}
        {token.isCompleted && !run?.isCompleted && <span className="muted">Sent, waiting for the run to resume…</span>}
        {run?.isCompleted && (
          <span data-testid="decision">{run.isSuccess ? (run.output?.approved ? "Approved" : "Rejected") : "Run did not succeed"}</span>
        )}
      </div>
      <Failure message={startError ?? failureMessage(error, started?.publicAccessToken) ?? failureMessage(token.error, tokenAccess)} />
    </section>
  );
}

/** Calls `start`, keeping what it gives, and reports a failure to start. */
function useStart<T>(start: () => Promise<T>) {
  const [started, setStarted] = useState<T>();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string>();
  const begin = () => {
    setStarting(true);
    setError(undefined);
    start()
      .then(setStarted, (failure: Error) => setError(failure.message))
      .finally(() => setStarting(false));
  };
  return { started, starting, error, begin };
}

type SteeringMessage = { type: "redirect"; prompt: string } | { type: "stop" };

function SteerDemo({ baseURL }: { baseURL: string }) {
  const [prompt, setPrompt] = useState("What is Trigger.dev Realtime?");
  const [redirectTo, setRedirectTo] = useState("Answer in one line");
  const { started, starting, error: startError, begin } = useStart<SteerableAnswer>(() => startSteerableAnswer(prompt));
  const auth = { accessToken: started?.publicAccessToken, baseURL, enabled: Boolean(started) };
  const { run, streams, error } = useRealtimeRunWithStreams<any, { text: string }>(started?.id, auth);
  const control = useInputStreamSend<SteeringMessage>("control", started?.id, auth);
  const phase = steerPhase(run?.metadata);
  const steerable = canSteer(phase, control.isReady, control.isLoading);
  return (
    <section data-testid="steer-demo">
      <h2>Steerable answer <Badge status={run?.status} /> <span className="muted phase" data-testid="steer-phase">{phase}</span></h2>
      <div className="row">
        <input type="text" aria-label="Prompt" data-testid="steer-prompt" value={prompt} onChange={(event) => setPrompt(event.target.value)} />
        <button data-testid="steer-start" disabled={starting} onClick={begin}>Answer</button>
      </div>
      <p className="answer" data-testid="steer-answer">{(streams.text ?? []).join("")}</p>
      <div className="row">
        <input type="text" aria-label="Redirect to" data-testid="redirect-prompt" value={redirectTo} onChange={(event) => setRedirectTo(event.target.value)} />
        <button className="secondary" data-testid="redirect" disabled={!steerable} onClick={() => void control.send({ type: "redirect", prompt: redirectTo })}>
          Redirect
        </button>
        <button className="danger" data-testid="stop" disabled={!steerable} onClick={() => void control.send({ type: "stop" })}>
          Stop
        </button>
      </div>
      {run?.isCompleted && <p className="final muted" data-testid="steer-final">{steerSummary(run.output)}</p>}
      <Failure message={startError ?? failureMessage(error, started?.publicAccessToken) ?? control.error?.message} />
    </section>
  );
}

function ChatDemo({ baseURL }: { baseURL: string }) {
  const [message, setMessage] = useState("Hello there");
  const [turns, setTurns] = useState<ChatTurn[]>([]);
  const { started: chat, starting, error: startError, begin } = useStart<ChatSession>(() => {
    setTurns([]);
    return openChat();
  });
  const auth = { accessToken: chat?.publicAccessToken, baseURL, enabled: Boolean(chat) };
  // A turn is complete once its `turn-complete` control record is read (`lastControl`).
  const out = useSessionStream<string>(chat?.sessionId, { ...auth, timeoutInSeconds: 600 });
  const append = useSessionAppend<string>(chat?.sessionId, auth);
  const send = () => {
    setTurns((current) => withMessage(current, message, out.records.length));
    void append.send(message);
  };
  return (
    <section data-testid="chat-demo">
      <h2>Chat</h2>
      <div className="row">
        <button className={chat ? "secondary" : undefined} data-testid="chat-open" disabled={starting} onClick={begin}>New chat</button>
        <input type="text" aria-label="Message" data-testid="chat-message" value={message} onChange={(event) => setMessage(event.target.value)} />
        <button data-testid="chat-send" disabled={!canSend(turns, out.lastControl, append.isReady, append.isLoading) || !message} onClick={send}>Send</button>
      </div>
      <ul className="chat" data-testid="chat-log">
        {turns.map((turn, index) => {
          const complete = isTurnComplete(turns, index, out.lastControl);
          return (
            <li key={index} data-complete={String(complete)}>
              <span className="you">{turn.message}</span>
              <span className="reply" data-testid="reply">{answerOf(turns, index, out.records)}</span>
              <span className="turn-status muted" data-testid="turn-status">{complete ? "✓ turn complete" : "answering…"}</span>
            </li>
          );
        })}
      </ul>
      <Failure message={startError ?? failureMessage(out.error, chat?.publicAccessToken) ?? append.error?.message} />
    </section>
  );
}

function RunList({ tag, accessToken }: { tag: string; accessToken: string }) {
  const { runs, error, isLoading } = useRealtimeRunsWithTag(tag, { skipColumns: ["payload", "output"] });
  return (
    <section data-testid="runs">
      <h2>Your runs</h2>
      {isLoading ? (
        <p className="muted">Loading…</p>
      ) : runs.length === 0 ? (
        <p className="muted">No runs yet.</p>
      ) : (
        <ul className="runs">
          {[...runs].reverse().map((run) => (
            <li key={run.id}>
              <Badge status={run.status} metadata={run.metadata} /> {run.taskIdentifier} <code>{run.id}</code>
            </li>
          ))}
        </ul>
      )}
      <Failure message={failureMessage(error, accessToken)} />
    </section>
  );
}
