import { runsWithTagHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, Metadata } from "@trigger-realtime/core";
import { bindHook, field, subscriptionFields } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import { mirrorRuns } from "./run-list.js";
import type { CreateRunsWithTagOptions, RunsResult } from "./types.js";

/** Every run carrying all of `tag` (one tag or several, combined with AND), live, oldest first. */
export function createRunsWithTag<TTask extends AnyTask = AnyTask, TMetadata = Metadata>(
  tag: MaybeAccessor<string | string[] | undefined>,
  options?: MaybeAccessor<CreateRunsWithTagOptions | undefined>,
): RunsResult<TTask, TMetadata> {
  const bound = bindHook(runsWithTagHook<TTask, TMetadata>, () => [access(tag), access(options)] as const);
  return { runs: mirrorRuns(bound.store, field(bound.state, "runs")), ...subscriptionFields(bound) };
}
