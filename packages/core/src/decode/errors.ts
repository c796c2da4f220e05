import type { SerializedError } from "../types.js";
import type { TaskRunError } from "../schemas/run-row.js";

// The public `run.error`, as the SDK builds it: crashes the platform recognises (a process
// killed by a signal, out of memory) are first reclassified as internal errors, and internal
// errors only expose their code.

type InternalCode = string;

/** The signal named near the start of a crash message, if any. */
function signalIn(text: string | undefined): string | undefined {
  const head = text?.slice(0, 100) ?? "";
  return ["SIGTERM", "SIGSEGV", "SIGKILL", "SIGABRT"].find((signal) => head.includes(signal));
}

/** The internal code for a process exit by `signal` (a kill by SIGKILL/SIGABRT usually means OOM). */
function exitCode(signal: string | undefined): InternalCode {
  if (signal === "SIGTERM") return "TASK_PROCESS_SIGTERM";
  if (signal === "SIGSEGV") return "TASK_PROCESS_SIGSEGV";
  if (signal === "SIGKILL" || signal === "SIGABRT") return "TASK_PROCESS_MAYBE_OOM_KILLED";
  return "TASK_PROCESS_EXITED_WITH_NON_ZERO_CODE";
}

/** The internal code a recognised built-in error stands for, or undefined. */
function reclassify(error: Extract<TaskRunError, { type: "BUILT_IN_ERROR" }>): InternalCode | undefined {
  if (error.name === "UnexpectedExitError" && error.message.startsWith("Unexpected exit with code -1")) {
    return exitCode(signalIn(error.stackTrace));
  }
  if (error.name === "Error" && error.message === "ffmpeg was killed with signal SIGKILL") return "TASK_PROCESS_OOM_KILLED";
  if (error.message === "MANUAL_OOM_KILL_ERROR") return "TASK_PROCESS_OOM_KILLED";
  return undefined;
}

const internal = (code: InternalCode): SerializedError => ({ message: `trigger.dev internal error (${code})` });

/** `run.error` for the row's `error` column. */
export function publicRunError(error: TaskRunError): SerializedError {
  switch (error.type) {
    case "BUILT_IN_ERROR": {
      const code = reclassify(error);
      if (code) return internal(code);
      const deadlock = error.name === "TriggerApiError" && error.message.startsWith("Deadlock detected:");
      return {
        name: deadlock ? "Concurrency Deadlock Error" : error.name,
        message: error.message,
        stackTrace: deadlock ? "" : error.stackTrace,
        ...(error.causes?.length ? { causes: error.causes } : {}),
      };
    }
    case "STRING_ERROR":
    case "CUSTOM_ERROR":
      return { message: error.raw };
    case "INTERNAL_ERROR":
      return internal(error.code === "TASK_PROCESS_EXITED_WITH_NON_ZERO_CODE" ? exitCode(signalIn(error.message)) : error.code);
  }
}
