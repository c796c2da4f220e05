import { selectRunStore, type AnyTask, type Metadata } from "@trigger-realtime/core";
import { useTriggerAuth, withAuth } from "./auth.js";
import { bindStore, field, subscriptionFields } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import { onComplete } from "./on-complete.js";
import type { CreateRunOptions, RunResult } from "./types.js";

/**
 * The run `runId`, live. Every primitive on the same run (same token and options) shares one
 * connection. A new id, token or `skipColumns` moves to that subscription at once.
 */
export function createRun<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  runId: MaybeAccessor<string | undefined>,
  options?: MaybeAccessor<CreateRunOptions<TTask, TMetadata> | undefined>,
): RunResult<TTask, TMetadata> {
  const auth = useTriggerAuth();
  const bound = bindStore(() => selectRunStore<TTask, TMetadata>(access(runId), withAuth(auth, access(options))));
  onComplete(bound.store, () => access(options)?.onComplete);
  return { run: field(bound.state, "run"), ...subscriptionFields(bound) };
}
