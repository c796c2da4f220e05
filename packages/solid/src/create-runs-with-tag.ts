import { selectRunsWithTagStore, type AnyTask, type Metadata } from "@trigger-realtime/core";
import { useTriggerAuth, withAuth } from "./auth.js";
import { bindStore, field, subscriptionFields } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import { mirrorRuns } from "./run-list.js";
import type { CreateRunsWithTagOptions, RunsResult } from "./types.js";

/** Every run carrying all of `tag` (one tag or several, combined with AND), live, oldest first. */
export function createRunsWithTag<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  tag: MaybeAccessor<string | string[] | undefined>,
  options?: MaybeAccessor<CreateRunsWithTagOptions | undefined>,
): RunsResult<TTask, TMetadata> {
  const auth = useTriggerAuth();
  const bound = bindStore(() => selectRunsWithTagStore<TTask, TMetadata>(access(tag), withAuth(auth, access(options))));
  return { runs: mirrorRuns(bound.store, field(bound.state, "runs")), ...subscriptionFields(bound) };
}
