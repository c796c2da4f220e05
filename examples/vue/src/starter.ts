import { ref } from "vue";
import { initialRun, startRun, type DemoTask, type Session, type StartedRun } from "../../shared/client";

/** Starts a task through `/api`, remembers the run, and reports a failure to start. */
export function useStarter(task: DemoTask, session: Session) {
  const started = ref<StartedRun | undefined>(initialRun(task, session));
  const starting = ref(false);
  const error = ref<string>();
  async function start(payload?: Record<string, unknown>) {
    starting.value = true;
    error.value = undefined;
    try {
      started.value = await startRun(task, payload);
    } catch (failure) {
      error.value = (failure as Error).message;
    } finally {
      starting.value = false;
    }
  }
  return { started, starting, error, start };
}

/** Calls `start`, keeping what it gives, and reports a failure to start. */
export function useStart<T>(start: () => Promise<T>) {
  const started = ref<T>();
  const starting = ref(false);
  const error = ref<string>();
  async function begin() {
    starting.value = true;
    error.value = undefined;
    try {
      started.value = await start();
    } catch (failure) {
      error.value = (failure as Error).message;
    } finally {
      starting.value = false;
    }
  }
  return { started, starting, error, begin };
}
