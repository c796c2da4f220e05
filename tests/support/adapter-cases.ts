// Behaviour every adapter must show identically, as one table of cases. Each adapter's test
// file gives a driver that mounts its hook, composable, store or primitive; the cases below
// run against each driver, so a rule that drifts in one adapter fails there.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DevServerFixture } from "./dev-server.js";
import { unique } from "./unique.js";

/** What a mounted hook shows now, and how its arguments change (a re-render, a ref, a signal, `$state`). */
export interface Mounted<V, A extends unknown[]> {
  /** Its fields as plain values (refs, accessors and `current` read), methods included. */
  current(): V;
  /** Gives it new arguments, as the framework would on a change. */
  update(...args: A): void;
  unmount(): void;
}

interface AuthArgs {
  accessToken?: string;
  baseURL?: string;
  enabled?: boolean;
}

interface RunView {
  run: { id: string; status: string } | undefined;
  error?: Error;
}

interface TriggerView {
  handle: { id: string } | undefined;
  error?: Error;
  submit(payload: unknown): Promise<{ id: string }>;
}

interface RealtimeTriggerView extends TriggerView {
  run: { id: string; status: string } | undefined;
  status: string;
}

interface WaitTokenView {
  isReady: boolean;
  isCompleted: boolean;
  error?: Error;
  complete(output: unknown): Promise<unknown>;
}

type RunOptions = AuthArgs & { onComplete?: (run: { id: string; status: string }) => void };
type StreamOptions = AuthArgs & { onData?: (part: unknown) => void };

/** One adapter, mounting each kind of hook the cases need. */
export interface AdapterDriver {
  run(runId: string, options: RunOptions): Mounted<RunView, [string, RunOptions]>;
  /** Any of the three call forms: `(runId, key, options)`, `(stream, runId, options)`, `(runId, options)`. */
  stream(...args: unknown[]): Mounted<{ parts: unknown[] }, unknown[]>;
  taskTrigger(taskId: string, options: AuthArgs): Mounted<TriggerView, [string, AuthArgs]>;
  realtimeTaskTrigger(taskId: string, options: AuthArgs): Mounted<RealtimeTriggerView, [string, AuthArgs]>;
  waitToken(tokenId: string | undefined, options: AuthArgs): Mounted<WaitTokenView, [string | undefined, AuthArgs]>;
  /** Waits for `assertion` to pass (React's wraps it in `act`). */
  waitFor?(assertion: () => void): Promise<void>;
}

/** An adapter's hook of each kind, by the cases' names for them. */
export interface AdapterHooks {
  run: (...args: any[]) => any;
  stream: (...args: any[]) => any;
  taskTrigger: (...args: any[]) => any;
  realtimeTaskTrigger: (...args: any[]) => any;
  waitToken: (...args: any[]) => any;
}

/** A driver that mounts each hook of `hooks` the same way. */
export function driverFrom(mount: (use: (...args: any[]) => any, args: any[]) => Mounted<any, any>, hooks: AdapterHooks): AdapterDriver {
  return {
    run: (...args) => mount(hooks.run, args),
    stream: (...args) => mount(hooks.stream, args),
    taskTrigger: (...args) => mount(hooks.taskTrigger, args),
    realtimeTaskTrigger: (...args) => mount(hooks.realtimeTaskTrigger, args),
    waitToken: (...args) => mount(hooks.waitToken, args),
  };
}

const settle = (assertion: () => void) => vi.waitFor(assertion, { timeout: 10_000, interval: 20 });

/** Registers the shared cases for `driver`; `dev` is the test file's dev server fixture. */
export function adapterCases(name: string, driver: AdapterDriver, dev: DevServerFixture): void {
  const waitFor = driver.waitFor ?? settle;
  const mounted: Mounted<any, any>[] = [];
  const track = <M extends Mounted<any, any>>(mount: M): M => (mounted.push(mount), mount);

  describe(`${name}: behaviour shared by every adapter`, () => {
    afterEach(() => mounted.splice(0).forEach((mount) => mount.unmount()));

    it("isReady: false without a token id, true once an id is given, with or without an access token", async () => {
      const token = track(driver.waitToken(undefined, { baseURL: dev.baseURL }));
      expect(token.current().isReady).toBe(false);
      await expect(token.current().complete({})).rejects.toMatchObject({ code: "bad_request" });

      token.update("waitpoint_unknown", { baseURL: dev.baseURL });
      await waitFor(() => expect(token.current().isReady).toBe(true));
      await expect(token.current().complete({})).rejects.toMatchObject({ code: "unauthorized" });

      token.update("waitpoint_unknown", { baseURL: dev.baseURL, accessToken: dev.readToken });
      await waitFor(() => expect(token.current()).toMatchObject({ isReady: true, error: undefined }));
    });

    it("onComplete: once per run id, only after the run finished, with the latest callback, not again on a new token", async () => {
      const controller = dev.server.createRun({ taskIdentifier: "manual" });
      const first = vi.fn();
      const latest = vi.fn();
      const options = { accessToken: dev.readToken, baseURL: dev.baseURL };
      const run = track(driver.run(controller.id, { ...options, onComplete: first }));
      controller.start();
      controller.setMetadata({ step: 1 });
      await waitFor(() => expect(run.current().run?.status).toBe("EXECUTING"));
      run.update(controller.id, { ...options, onComplete: latest });
      expect(first).not.toHaveBeenCalled();
      expect(latest).not.toHaveBeenCalled();

      controller.complete({ ok: true });
      await waitFor(() => expect(latest).toHaveBeenCalledTimes(1));
      expect(latest.mock.calls[0]![0]).toMatchObject({ id: controller.id, status: "COMPLETED" });
      expect(first).not.toHaveBeenCalled();

      // Another token for the same run: another subscription, which shows the finished run again.
      const otherToken = await dev.token([`read:runs:${controller.id}`]);
      run.update(controller.id, { accessToken: otherToken, baseURL: dev.baseURL, onComplete: latest });
      await waitFor(() => expect(run.current().run).toBeUndefined());
      await waitFor(() => expect(run.current().run?.status).toBe("COMPLETED"));
      expect(latest).toHaveBeenCalledTimes(1);
    });

    it("useRealtimeStream's three call forms: (runId, key), (defined stream, runId), (runId) for the default stream", async () => {
      const controller = dev.server.createRun({ taskIdentifier: "manual" });
      controller.start();
      controller.appendStream("text", "t0");
      controller.appendStream("text", "t1");
      controller.appendStream("default", "d0");
      const options = { accessToken: dev.readToken, baseURL: dev.baseURL };
      const received: unknown[] = [];
      const byKey = track(driver.stream(controller.id, "text", { ...options, onData: (part: unknown) => received.push(part) }));
      const defined = track(driver.stream({ id: "text" }, controller.id, options));
      const byDefault = track(driver.stream(controller.id, options));
      await waitFor(() => expect(byKey.current().parts).toEqual(["t0", "t1"]));
      await waitFor(() => expect(defined.current().parts).toEqual(["t0", "t1"]));
      await waitFor(() => expect(byDefault.current().parts).toEqual(["d0"]));
      expect(received).toEqual(["t0", "t1"]);
    });

    it("an action atom is made again only when a value it depends on changes, never for new object identities", async () => {
      const accessToken = await dev.token(["trigger:tasks:progress"]);
      const trigger = track(driver.taskTrigger("progress", { accessToken, baseURL: dev.baseURL }));
      const handle = await trigger.current().submit({ steps: 1, delayMs: 1 });
      await waitFor(() => expect(trigger.current().handle?.id).toBe(handle.id));

      // Equal values in new objects: the same atom, so the handle stays.
      trigger.update("progress", { accessToken, baseURL: dev.baseURL });
      trigger.update("progress", { baseURL: dev.baseURL, accessToken });
      expect(trigger.current().handle?.id).toBe(handle.id);

      // Another token (other scopes, so never the same text): another atom, which has triggered nothing yet.
      const otherToken = await dev.token(["trigger:tasks:progress", "read:runs"]);
      trigger.update("progress", { accessToken: otherToken, baseURL: dev.baseURL });
      await waitFor(() => expect(trigger.current().handle).toBeUndefined());
    });

    it("realtime trigger: follows the run it creates; with enabled: false it only triggers, its state still complete", async () => {
      const accessToken = await dev.token(["trigger:tasks:progress"]);
      const following = track(driver.realtimeTaskTrigger("progress", { accessToken, baseURL: dev.baseURL }));
      expect(following.current()).toMatchObject({ handle: undefined, run: undefined, status: "idle", error: undefined });
      const handle = await following.current().submit({ steps: 1, delayMs: 1 });
      await waitFor(() => expect(following.current().run).toMatchObject({ id: handle.id, status: "COMPLETED" }));

      const triggerOnly = track(driver.realtimeTaskTrigger("progress", { accessToken, baseURL: dev.baseURL, enabled: false }));
      const second = await triggerOnly.current().submit({ steps: 1, delayMs: 1 });
      await waitFor(() => expect(triggerOnly.current().handle?.id).toBe(second.id));
      expect(triggerOnly.current()).toMatchObject({ run: undefined, status: "idle", error: undefined });
    });

    it("reports a missing token as an unauthorized error at once, and enabled: false keeps a subscription quiet", async () => {
      const run = track(driver.run(unique("run"), { baseURL: dev.baseURL }));
      expect(run.current().error).toMatchObject({ code: "unauthorized" });
      run.update(unique("run"), { baseURL: dev.baseURL, enabled: false });
      await waitFor(() => expect(run.current()).toMatchObject({ run: undefined, error: undefined }));
    });
  });
}
