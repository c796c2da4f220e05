import { createAsync, query, useParams, type RouteDefinition } from "@solidjs/router";
import { createRun } from "@trigger-realtime/solid";
import { Show } from "solid-js";
import { progressOf, statusClass } from "../../../../shared/client";
import { isRunId, runPageData, type RunPageData } from "../../../../shared/run-page";

// The run as it is now and a token that may read only this run, read on the server and
// serialized into the page with it.
const getRunPage = query(async (id: string) => {
  "use server";
  if (!isRunId(id)) throw new Error("No such run");
  return runPageData(id);
}, "run-page");

export const route = { preload: ({ params }) => getRunPage(params.id!) } satisfies RouteDefinition;

export default function RunPage() {
  const params = useParams();
  // deferStream: the server sends the page once the run is read, so its HTML carries the state.
  const page = createAsync(() => getRunPage(params.id!), { deferStream: true });
  return <Show when={page()}>{(data) => <RunProgress {...data()} />}</Show>;
}

function RunProgress(props: RunPageData) {
  const { run, error } = createRun(
    () => props.runId,
    () => ({ accessToken: props.accessToken, baseURL: props.baseURL, initialState: props.initialState }),
  );
  const progress = () => progressOf(run()?.metadata);
  return (
    <section data-testid="progress-demo">
      <h2 class="run-title">
        Run <code data-testid="run-id">{props.runId}</code>
        <span class={`badge ${statusClass(run()?.status)}`} data-testid="status">{run()?.status ?? "UNKNOWN"}</span>
      </h2>
      <div class="row">
        <div class="bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress()}>
          <div style={{ width: `${progress()}%` }} />
        </div>
        <span class="percent" data-testid="percent">{progress()}%</span>
      </div>
      <Show when={error()}>{(failure) => <p class="error" role="alert">{failure().message}</p>}</Show>
      <p><a href="/">Start another run</a></p>
    </section>
  );
}
