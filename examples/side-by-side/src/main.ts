// One set of runs in every framework's app: each app is framed with the runs in its address
// (`?progress=run_…&ai-stream=run_…&approval=run_…`). The apps run on the same host, so they share
// this page's session cookie (one user, one tag) and read the runs with their own session token.
import "../../shared/style.css";
import { getSession, type DemoTask } from "../../shared/client";

const apps = [
  { name: "react", label: "React", port: 5173 },
  { name: "vue", label: "Vue", port: 5174 },
  { name: "svelte", label: "Svelte", port: 5175 },
  { name: "solid", label: "Solid", port: 5176 },
] as const;
const tasks: { task: DemoTask; payload: Record<string, unknown> }[] = [
  // Slower than the apps' own progress runs, so there is time to watch them side by side.
  { task: "progress", payload: { steps: 20, delayMs: 500 } },
  { task: "ai-stream", payload: { prompt: "What does trigger-realtime do?" } },
  { task: "approval", payload: { question: "Deploy to production?" } },
];

const query = new URLSearchParams(location.search);
const button = document.querySelector<HTMLButtonElement>("[data-testid=start-all]")!;
const started = document.querySelector<HTMLElement>("[data-testid=started]")!;
const alert = document.querySelector<HTMLElement>("[role=alert]")!;
const frames = document.querySelector<HTMLElement>(".frames")!;

/** Each app's address: `?react=<url>` and so on override the ports `pnpm dev` uses. */
const appUrl = (app: (typeof apps)[number]) => query.get(app.name) ?? `${location.protocol}//${location.hostname}:${app.port}/`;

/** The runs shown, kept in this page's address so a reload shows them again. */
function runsInAddress(): URLSearchParams {
  const runs = new URLSearchParams();
  for (const { task } of tasks) {
    const id = query.get(task);
    if (id) runs.set(task, id);
  }
  return runs;
}

function showApps(runs: URLSearchParams): void {
  frames.replaceChildren(
    ...apps.map((app) => {
      const url = new URL(appUrl(app));
      for (const [task, id] of runs) url.searchParams.set(task, id);
      const figure = document.createElement("figure");
      figure.dataset.testid = `frame-${app.name}`;
      const caption = document.createElement("figcaption");
      const link = document.createElement("a");
      link.href = url.href;
      link.target = "_blank";
      link.textContent = url.origin;
      caption.append(`${app.label} `, link);
      const frame = document.createElement("iframe");
      frame.title = app.label;
      frame.name = app.name;
      frame.src = url.href;
      figure.append(caption, frame);
      return figure;
    }),
  );
  const ids = [...runs.values()];
  if (ids.length > 0) started.textContent = `Runs: ${ids.join(", ")}`;
}

function showError(message: string | undefined): void {
  alert.hidden = !message;
  alert.textContent = message ?? "";
}

async function startRuns(): Promise<void> {
  button.disabled = true;
  showError(undefined);
  try {
    const handles: [DemoTask, string][] = await Promise.all(
      tasks.map(async ({ task, payload }) => {
        const response = await fetch(`/api/trigger/${task}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(payload),
        });
        const body = (await response.json().catch(() => ({}))) as { id?: string; error?: string };
        if (!response.ok || !body.id) throw new Error(body.error ?? `Starting ${task} answered ${response.status}`);
        return [task, body.id];
      }),
    );
    const runs = new URLSearchParams(handles);
    for (const [task, id] of runs) query.set(task, id);
    history.replaceState(null, "", `?${query}`);
    showApps(runs);
  } catch (error) {
    showError((error as Error).message);
  } finally {
    button.disabled = false;
  }
}

button.addEventListener("click", () => void startRuns());

// The session first: it sets the cookie the framed apps then share.
getSession().then(
  () => {
    button.disabled = false;
    showApps(runsInAddress());
  },
  (error: Error) => showError(error.message),
);
