import { initialRun, startRun, type DemoTask, type Session, type StartedRun } from "../../shared/client";

/** Starts a task through `/api`, remembers the run, and reports a failure to start. */
export class Starter {
  started = $state<StartedRun | undefined>();
  starting = $state(false);
  error = $state<string>();

  constructor(
    private readonly task: DemoTask,
    session: Session,
  ) {
    this.started = initialRun(task, session);
  }

  start = async (payload?: Record<string, unknown>) => {
    this.starting = true;
    this.error = undefined;
    try {
      this.started = await startRun(this.task, payload);
    } catch (failure) {
      this.error = (failure as Error).message;
    } finally {
      this.starting = false;
    }
  };
}

/** Calls `start`, keeping what it gives, and reports a failure to start. */
export class Start<T> {
  started = $state<T | undefined>();
  starting = $state(false);
  error = $state<string>();

  constructor(private readonly call: () => Promise<T>) {}

  begin = async () => {
    this.starting = true;
    this.error = undefined;
    try {
      this.started = await this.call();
    } catch (failure) {
      this.error = (failure as Error).message;
    } finally {
      this.starting = false;
    }
  };
}
