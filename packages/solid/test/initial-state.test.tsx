import { cleanup, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { long, runReadOnServer } from "@trigger-realtime/test-support";
import { createRun } from "../src/index.js";
import { useDevServer } from "./dev-server.js";

const dev = useDevServer();
afterEach(cleanup);

describe("initialState", () => {
  it("shows the state read on the server from the first render, then follows the run without reading it again", async () => {
    const { controller, auth, initialState, fetch, readFromStart } = await runReadOnServer(dev, { progress: 40 });
    function Progress() {
      const { run, isLoading } = createRun(controller.id, { ...auth, fetch, initialState });
      return <span data-testid="status">{isLoading() ? "loading" : `${run()?.status} ${String(run()?.metadata?.progress)}`}</span>;
    }
    render(() => <Progress />);
    expect(screen.getByTestId("status").textContent).toBe("EXECUTING 40");

    controller.setMetadata({ progress: 90 });
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("EXECUTING 90"), long);
    controller.complete({ ok: true });
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("COMPLETED 90"), long);
    expect(readFromStart()).toBe(false);
  });
});
