/** What the page's script reads from the page: a token, or why there is none. */
export interface RunsPageConfig {
  accessToken: string | undefined;
}

// JSON inside <script>: `<` escaped so no value can close the element.
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

/** The runs page: a shell the script fills in (see client.ts). */
export function runsPageHtml(config: RunsPageConfig): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>trigger-realtime dev server</title>
<link rel="icon" href="data:,">
<style>
:root { color-scheme: light dark; font-family: system-ui, sans-serif; --muted: #667085; --border: #d0d5dd; --card: #fff; --bg: #f6f7f9; background: var(--bg); }
@media (prefers-color-scheme: dark) { :root { --muted: #98a2b3; --border: #344054; --card: #1b1e27; --bg: #12141a; } }
body { margin: 0; }
main { max-width: 1200px; margin: 0 auto; padding: 20px 16px 40px; }
h1 { font-size: 1.35rem; margin: 0 0 4px; }
p { margin: 0 0 12px; }
.muted { color: var(--muted); }
.layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; align-items: start; }
/* One column: the picked run above the list, so picking one shows it without scrolling. */
@media (max-width: 900px) { .layout { grid-template-columns: minmax(0, 1fr); } [data-testid="run-detail"] { order: -1; } }
section { background: var(--card); border: 1px solid var(--border); border-radius: 10px; padding: 12px; min-width: 0; }
h2 { font-size: 1rem; margin: 0 0 8px; }
table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
th, td { text-align: left; padding: 6px; border-top: 1px solid var(--border); vertical-align: top; overflow-wrap: anywhere; }
/* Phones: the picked run shows the metadata. */
@media (max-width: 600px) { th:nth-child(5), td:nth-child(5) { display: none; } }
th { border-top: 0; color: var(--muted); font-weight: 600; }
tbody tr { cursor: pointer; }
tbody tr:hover, tbody tr[aria-selected="true"] { background: rgba(91, 75, 219, 0.1); }
code, pre { font-size: 0.8rem; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0 10px; padding: 8px; background: var(--bg); border-radius: 6px; }
.badge { display: inline-block; white-space: nowrap; font-size: 0.72rem; font-weight: 600; padding: 2px 8px; border-radius: 999px; background: #eef0f4; color: #475467; }
.badge.running { background: #e0eaff; color: #2d4fc2; }
.badge.waiting { background: #fef0c7; color: #93370d; }
.badge.success { background: #d1fadf; color: #05603a; }
.badge.failure { background: #fee4e2; color: #b42318; }
.tag { display: inline-block; font-size: 0.75rem; padding: 1px 6px; margin: 1px; border: 1px solid var(--border); border-radius: 4px; }
.error { padding: 8px 12px; border-radius: 6px; background: #fee4e2; color: #b42318; }
dt { font-weight: 600; margin-top: 8px; }
dd { margin: 2px 0 0; }
</style>
</head>
<body>
<main>
  <h1>trigger-realtime dev server</h1>
  <p class="muted">Runs of this server, live. Triggered runs show up here; pick one to follow its metadata and streams.</p>
  <p class="error" role="alert" hidden></p>
  <div class="layout">
    <section data-testid="run-table">
      <h2>Runs <span class="muted" data-testid="run-count"></span></h2>
      <p class="muted" data-testid="runs-empty">Loading…</p>
      <table hidden>
        <thead><tr><th>Run</th><th>Task</th><th>Status</th><th>Tags</th><th>Metadata</th></tr></thead>
        <tbody></tbody>
      </table>
    </section>
    <section data-testid="run-detail">
      <h2>Run</h2>
      <p class="muted">Pick a run.</p>
    </section>
  </div>
</main>
<script id="runs-page-config" type="application/json">${scriptJson(config)}</script>
<script type="module" src="/_dev/runs-page.js"></script>
</body>
</html>
`;
}
