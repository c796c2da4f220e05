import Module, { createRequire } from "node:module";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { expectConnections, expectNoOpenConnections, long, requestsOf, useDevServer } from "@trigger-realtime/test-support";

// The hooks under React 18 (peer range ^18 || ^19): `react` is React 18.3 for this file, and
// react-dom 18 renders. pnpm links the aliased react-dom 18 to the workspace's React 19 as its
// peer, so its own `require("react")` is pointed at React 18 while this file runs.
vi.mock("react", async () => await import("react-18"));

const require = createRequire(import.meta.url);
const react18Path = require.resolve("react-18");
const reactDom18Dir = require.resolve("react-dom-18/package.json").replace(/package\.json$/, "");
const loader = Module as unknown as { _resolveFilename: (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string };
const resolveFilename = loader._resolveFilename;
loader._resolveFilename = function (request, parent, ...rest) {
  if (request === "react" && parent?.filename?.startsWith(reactDom18Dir)) return react18Path;
  return resolveFilename.call(this, request, parent, ...rest);
};
afterAll(() => {
  loader._resolveFilename = resolveFilename;
});

const React = await import("react-18");
const { createRoot } = await import("react-dom-18/client");
const { useRealtimeRun, useRealtimeStream } = await import("../src/index.js");

const dev = useDevServer();
const roots: Array<{ unmount(): void }> = [];
afterEach(() => {
  while (roots.length > 0) roots.pop()!.unmount();
});

function mount(element: React.ReactElement) {
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container);
  root.render(element);
  roots.push(root);
  return { container, unmount: () => roots.splice(roots.indexOf(root), 1)[0]!.unmount() };
}

describe("with React 18", () => {
  it("runs on React 18.3 and react-dom 18", async () => {
    expect(React.version).toMatch(/^18\./);
    // What the hooks' own `import … from "react"` gets in this file.
    expect((await import("react")).version).toMatch(/^18\./);
    expect(require("react-dom-18/package.json").version).toMatch(/^18\./);
  });

  it("follows a run live and opens one connection under StrictMode", async () => {
    await expectNoOpenConnections(dev.server);
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    const runId = controller.run.friendlyId;
    const shapeRequests = requestsOf(dev.server, "shape");
    function Progress() {
      const { run, isLoading } = useRealtimeRun(runId, { accessToken: dev.readToken, baseURL: dev.baseURL });
      return React.createElement("p", null, isLoading ? "loading" : `${run?.status} ${String(run?.metadata?.progress ?? "-")}`);
    }
    const { container, unmount } = mount(React.createElement(React.StrictMode, null, React.createElement(Progress)));
    await vi.waitFor(() => expect(container.textContent).toBe("QUEUED -"), long);
    // One snapshot request and one held long-poll: StrictMode's second mount reused the store.
    await expectConnections(dev.server, { openShapeRequests: 1, openStreams: 0 });
    expect(requestsOf(dev.server, "shape") - shapeRequests).toBe(2);
    controller.start();
    controller.setMetadata({ progress: 60 });
    await vi.waitFor(() => expect(container.textContent).toBe("EXECUTING 60"), long);
    await expectConnections(dev.server, { openShapeRequests: 1, openStreams: 0 });
    controller.complete("ok");
    await vi.waitFor(() => expect(container.textContent).toBe("COMPLETED 60"), long);
    unmount();
    await expectNoOpenConnections(dev.server);
  });

  it("streams parts", async () => {
    const controller = dev.server.createRun({ taskIdentifier: "manual" });
    controller.start();
    function Text() {
      const { parts } = useRealtimeStream<string>(controller.run.friendlyId, "text", { accessToken: dev.readToken, baseURL: dev.baseURL });
      return React.createElement("p", null, parts.join(""));
    }
    const { container } = mount(React.createElement(Text));
    for (const token of ["Hello ", "from ", "React 18"]) controller.appendStream("text", token);
    await vi.waitFor(() => expect(container.textContent).toBe("Hello from React 18"), long);
  });
});
