import { runWithStreamsHook } from "@trigger-realtime/core/adapter";
import type { AnyTask, Metadata, StreamsRecord } from "@trigger-realtime/core";
import { bindHook, field, subscriptionFields } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import type { CreateRunOptions, RunWithStreamsResult } from "./types.js";

/** The run `runId` and the parts of every stream it writes, live (`streams().text`, …). */
export function createRunWithStreams<TTask extends AnyTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>(
  runId: MaybeAccessor<string | undefined>,
  options?: MaybeAccessor<CreateRunOptions<TTask, TMetadata> | undefined>,
): RunWithStreamsResult<TTask, TStreams, TMetadata> {
  const bound = bindHook(runWithStreamsHook<TTask, TStreams, TMetadata>, () => [access(runId), access(options)] as const);
  return { run: field(bound.state, "run"), streams: field(bound.state, "streams"), ...subscriptionFields(bound) };
}
