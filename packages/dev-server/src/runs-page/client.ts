// The runs page in the browser: the list of runs from `/_dev/runs`, refreshed every second, and
// the picked run followed live with @trigger-realtime/core (status, metadata, streams).
import { createRealtimeClient, runWithStreamsStore, type RealtimeRun } from "@trigger-realtime/core";
import type { RunsPageConfig } from "./html.js";
import type { RunSummary } from "./summary.js";

const config = JSON.parse(document.getElementById("runs-page-config")!.textContent!) as RunsPageConfig;
const alert = document.querySelector<HTMLElement>("[role=alert]")!;
const table = document.querySelector<HTMLTableElement>("table")!;
const rows = table.querySelector("tbody")!;
const empty = document.querySelector<HTMLElement>("[data-testid=runs-empty]")!;
const count = document.querySelector<HTMLElement>("[data-testid=run-count]")!;
const detail = document.querySelector<HTMLElement>("[data-testid=run-detail]")!;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function statusClass(status: string | undefined): string {
  if (status === "COMPLETED") return "success";
  if (["FAILED", "CRASHED", "SYSTEM_FAILURE", "TIMED_OUT", "CANCELED", "EXPIRED"].includes(status ?? "")) return "failure";
  if (status === "EXECUTING" || status === "DEQUEUED" || status === "REATTEMPTING") return "running";
  if (status === "WAITING" || status === "DELAYED") return "waiting";
  return "queued";
}

const badge = (status: string) => element("span", { className: `badge ${statusClass(status)}`, textContent: status });
const tags = (values: string[]) => values.map((tag) => element("span", { className: "tag", textContent: tag }));
const json = (value: unknown) => (value === undefined ? "—" : JSON.stringify(value, null, 2));

function showError(message: string | undefined): void {
  alert.hidden = !message;
  alert.textContent = message ?? "";
}

const selectedId = () => decodeURIComponent(location.hash.slice(1)) || undefined;

function renderList(runs: RunSummary[]): void {
  count.textContent = `(${runs.length})`;
  empty.hidden = runs.length > 0;
  empty.textContent = "No runs yet: trigger a task and it shows up here.";
  table.hidden = runs.length === 0;
  rows.replaceChildren(
    ...runs.map((run) => {
      const row = element(
        "tr",
        {},
        element("td", {}, element("code", { textContent: run.id })),
        element("td", { textContent: run.taskIdentifier }),
        element("td", {}, badge(run.status)),
        element("td", {}, ...tags(run.tags)),
        element("td", {}, element("code", { textContent: run.metadata ? JSON.stringify(run.metadata) : "" })),
      );
      row.dataset.runId = run.id;
      row.setAttribute("aria-selected", String(run.id === selectedId()));
      row.addEventListener("click", () => (location.hash = run.id));
      return row;
    }),
  );
}

async function refreshList(): Promise<void> {
  try {
    const response = await fetch("/_dev/runs", { headers: { authorization: `Bearer ${config.accessToken}` } });
    const body = (await response.json()) as { runs?: RunSummary[]; error?: string };
    if (!response.ok || !body.runs) throw new Error(body.error ?? `GET /_dev/runs answered ${response.status}`);
    showError(undefined);
    renderList(body.runs);
  } catch (error) {
    showError(`Cannot list the runs: ${(error as Error).message}`);
  }
}

const client = createRealtimeClient({ baseURL: location.origin, accessToken: config.accessToken });
let unfollow: (() => void) | undefined;

function renderRun(runId: string, run: RealtimeRun<any> | undefined, streams: Record<string, unknown[] | undefined>, error: Error | undefined) {
  const fields: [string, Node | string][] = run
    ? [
        ["Status", badge(run.status)],
        ["Task", run.taskIdentifier],
        ["Tags", run.tags.length > 0 ? element("span", {}, ...tags(run.tags)) : "—"],
        ["Created", run.createdAt.toLocaleString()],
        ["Metadata", element("pre", { textContent: json(run.metadata) })],
        ["Output", element("pre", { textContent: json(run.output) })],
        ...(run.error ? ([["Error", element("pre", { textContent: json(run.error) })]] as [string, Node][]) : []),
        ...Object.entries(streams).map(([key, parts]): [string, Node] => [
          `Stream "${key}" (${parts?.length ?? 0} parts)`,
          element("pre", { textContent: (parts ?? []).map((part) => (typeof part === "string" ? part : JSON.stringify(part))).join("") }),
        ]),
      ]
    : [];
  detail.replaceChildren(
    element("h2", {}, "Run ", element("code", { textContent: runId })),
    ...(error ? [element("p", { className: "error", textContent: error.message })] : []),
    run ? element("dl", {}, ...fields.flatMap(([name, value]) => [element("dt", { textContent: name }), element("dd", {}, value)])) : element("p", { className: "muted", textContent: "Loading…" }),
  );
}

function follow(): void {
  unfollow?.();
  unfollow = undefined;
  const runId = selectedId();
  for (const row of rows.querySelectorAll("tr")) row.setAttribute("aria-selected", String(row.dataset.runId === runId));
  if (!runId) return;
  const store = runWithStreamsStore(client, runId, { stopOnCompletion: false });
  unfollow = store.subscribe((state) => renderRun(runId, state.run, state.streams as Record<string, unknown[] | undefined>, state.error));
}

if (config.accessToken) {
  window.addEventListener("hashchange", follow);
  follow();
  await refreshList();
  setInterval(() => void refreshList(), 1000);
} else {
  empty.textContent = "";
  showError("This page reads runs with a token the dev server hands out only to requests from this machine: open it at http://127.0.0.1 or http://localhost.");
}
