import { selectRunWithStreamsStore, type AnyTask, type Metadata, type StreamsRecord } from "@trigger-realtime/core";
import { useTriggerAuth, withAuth } from "./auth.js";
import { bindStore, field, subscriptionFields } from "./bind-store.js";
import { access, type MaybeAccessor } from "./maybe-accessor.js";
import { onComplete } from "./on-complete.js";
import type { CreateRunOptions, RunWithStreamsResult, StreamResults } from "./types.js";

/** The run `runId` and the parts of every stream it writes, live (`streams().text`, …). */
export function createRunWithStreams<TTask extends AnyTask = AnyTask, TStreams extends StreamsRecord = StreamsRecord, TMetadata = Metadata>(
  runId: MaybeAccessor<string | undefined>,
  options?: MaybeAccessor<CreateRunOptions<TTask, TMetadata> | undefined>,
): RunWithStreamsResult<TTask, TStreams, TMetadata> {
  const auth = useTriggerAuth();
  const bound = bindStore(() => selectRunWithStreamsStore<TTask, TStreams, TMetadata>(access(runId), withAuth(auth, access(options))));
  onComplete(bound.store, () => access(options)?.onComplete);
  return {
    run: field(bound.state, "run"),
    streams: field(bound.state, "streams") as () => StreamResults<TStreams>,
    ...subscriptionFields(bound),
  };
}
