import { afterAll, beforeAll } from "vitest";
import type { DevServerOptions, RealtimeBackend, StreamsVersion } from "@trigger-realtime/dev-server";

/** One way Trigger.dev Cloud serves realtime: the backend of run, tag and batch feeds, and the stream version of runs. */
export interface RealtimeMode {
  backend: RealtimeBackend;
  streams: StreamsVersion;
  /** "electric × v2", for test names. */
  name: string;
}

const mode = (backend: RealtimeBackend, streams: StreamsVersion): RealtimeMode => ({ backend, streams, name: `${backend} × ${streams}` });

/** Every mode: both backends × both stream versions (the official SDK triggers v2 runs). */
export const REALTIME_MODES: readonly RealtimeMode[] = [mode("electric", "v1"), mode("electric", "v2"), mode("native", "v1"), mode("native", "v2")];

/** The modes named, e.g. `realtimeModes("electric × v1", "native × v2")`. */
export function realtimeModes(...names: string[]): RealtimeMode[] {
  return names.map((name) => {
    const found = REALTIME_MODES.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`Unknown realtime mode ${name}`);
    return found;
  });
}

/** Dev server options that serve a mode: its backend, and its stream version for runs that do not ask for one. */
export const serverOptionsFor = ({ backend, streams }: RealtimeMode): DevServerOptions => ({ realtimeBackend: backend, realtimeStreamsDefaultVersion: streams });

/** Has the official SDK trigger runs of this stream version in the calling describe block: it asks for v2 unless TRIGGER_V2_REALTIME_STREAMS=0. */
export function sdkTriggersStreams(version: StreamsVersion): void {
  let before: string | undefined;
  beforeAll(() => {
    before = process.env.TRIGGER_V2_REALTIME_STREAMS;
    if (version === "v1") process.env.TRIGGER_V2_REALTIME_STREAMS = "0";
    else delete process.env.TRIGGER_V2_REALTIME_STREAMS;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TRIGGER_V2_REALTIME_STREAMS;
    else process.env.TRIGGER_V2_REALTIME_STREAMS = before;
  });
}
