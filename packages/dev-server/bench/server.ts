// The benchmark's server process: a dev server with one run, driven over IPC so the server's
// own cost (memory, time to answer every held long-poll) is measured apart from the clients'.
import { startDevServer } from "../src/index.js";

const now = () => performance.timeOrigin + performance.now();
const server = await startDevServer({ port: 0, secretKey: "tr_dev_bench" });
const run = server.createRun({ taskIdentifier: "bench" });
const rssMb = () => process.memoryUsage().rss / 1024 / 1024;
const heapMb = () => process.memoryUsage().heapUsed / 1024 / 1024;

process.on("message", (message: { type: string; round?: number }) => {
  switch (message.type) {
    case "stats":
      // Live memory, not garbage not yet collected (the process runs with --expose-gc).
      (globalThis as { gc?: () => void }).gc?.();
      process.send!({ type: "stats", ...server.stats(), rssMb: rssMb(), heapMb: heapMb() });
      return;
    case "change": {
      const changedAt = now();
      // Every held long-poll on the run is answered synchronously inside this call.
      run.setMetadata({ round: message.round });
      process.send!({ type: "changed", changedAt, fanOutMs: now() - changedAt });
      return;
    }
    case "stop":
      void server.close().then(() => process.exit(0));
  }
});
// The benchmark went away: do not linger.
process.on("disconnect", () => void server.close().then(() => process.exit(0)));
process.send!({ type: "ready", url: server.url, runId: run.id, rssMb: rssMb(), heapMb: heapMb() });
