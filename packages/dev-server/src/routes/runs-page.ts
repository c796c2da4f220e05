import { authorize } from "../auth.js";
import { route } from "../context.js";
import { notFound, sendJson } from "../http.js";
import { runsPageScript } from "../runs-page/bundle.js";
import { runsPageHtml } from "../runs-page/html.js";
import { isLoopbackRequest } from "../runs-page/loopback.js";
import { summarizeRuns } from "../runs-page/summary.js";

/** The server's own page at `/`: its runs, live, read with a token only this machine is given. */
export const runsPageRoutes = [
  route("GET", /^\/$/, "page", async (context, { request, response }) => {
    // `/` as sent, not a path that only resolves to it (`/x/..`): those stay 404s like any unknown path.
    if (!/^\/(\?|$)/.test(request.url ?? "")) throw notFound();
    const accessToken = isLoopbackRequest(request) ? await context.auth.sign({ scopes: ["read:all"] }, "24h") : undefined;
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    response.end(runsPageHtml({ accessToken }));
  }),

  route("GET", /^\/_dev\/runs-page\.js$/, "page", async (_context, { response }) => {
    const script = await runsPageScript();
    response.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
    response.end(script);
  }),

  // Every run, newest first: the page's list (the realtime feeds only follow runs by id, tag or batch).
  route("GET", /^\/_dev\/runs$/, "page", async (context, { request, response }) => {
    authorize(await context.auth.authenticate(request), "read", [{ type: "runs" }]);
    sendJson(response, 200, { runs: summarizeRuns(context.runs.all()) });
  }),
];
