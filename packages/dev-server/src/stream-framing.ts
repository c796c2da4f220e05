import type { StreamRecord, StreamsVersion } from "./streams.js";

/** How one stream version puts records on the wire, and where a reader starts. */
export interface StreamFraming {
  version: StreamsVersion;
  headers: Record<string, string>;
  /** Index of the first record to send for this `Last-Event-ID` (undefined: none given). */
  startIndex(records: readonly StreamRecord[], lastEventId: string | undefined): number;
  /** The events for consecutive records; `tail` is the last record stored (S2 reports the stream's tail). */
  events(records: readonly StreamRecord[], tail: StreamRecord): string;
  /** Sent after a quiet stretch so proxies and readers know the connection lives. */
  ping: string;
  /** Sent just before the server ends the response because nothing came for the timeout. */
  end: string;
  /** An in-band failure (v2 only; v1 has no such event and is cut instead). */
  error?: (message: string) => string;
}

/**
 * v1, Redis: `id: <ms>-<seq>` + `data: <line>` per part and `: ping` comments. The cursor is a
 * Redis stream id: entries strictly after it are read, and a bare number `N` means `N-0`, so a
 * small `Last-Event-ID` (what `startIndex` sends) replays the whole stream, as on Cloud.
 */
export const v1Framing: StreamFraming = {
  version: "v1",
  headers: {},
  startIndex(records, lastEventId) {
    const cursor = parseRedisId(lastEventId ?? "0");
    if (!cursor) return 0;
    // Records are sorted by (ms, index): binary search for the first one after the cursor.
    let low = 0;
    let high = records.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const record = records[middle]!;
      if (record.ms > cursor[0] || (record.ms === cursor[0] && record.index > cursor[1])) high = middle;
      else low = middle + 1;
    }
    return low;
  },
  events: (records) => records.map((record) => `id: ${record.id}\ndata: ${record.data}\n\n`).join(""),
  ping: ": ping\n\n",
  end: "",
};

function parseRedisId(text: string): [number, number] | undefined {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2] ?? 0)] : undefined;
}

/** S2 sends at most this many records, and about this many bytes, per `batch` event. */
const S2_BATCH_RECORDS = 1000;
const S2_BATCH_BYTES = 1024 * 1024;

/**
 * v2, S2: `event: batch` with `{records: [{seq_num, timestamp, headers, body}], tail}`; the body
 * is the v2 writer's envelope `{"data": <part>, "id": <record id>}`. The cursor is a seq_num:
 * reading starts at `Last-Event-ID + 1` (digits before any `-`), clamped to the tail.
 */
export const v2Framing: StreamFraming = {
  version: "v2",
  headers: { "x-stream-version": "v2", "access-control-expose-headers": "*" },
  startIndex(records, lastEventId) {
    const seq = Number((lastEventId ?? "").split("-")[0]);
    if (lastEventId === undefined || lastEventId === "" || !Number.isFinite(seq) || seq < 0) return 0;
    return Math.min(seq + 1, records.length);
  },
  events(records, tail) {
    let text = "";
    for (let start = 0; start < records.length; ) {
      let bytes = 0;
      let end = start;
      while (end < records.length && end - start < S2_BATCH_RECORDS && (end === start || bytes < S2_BATCH_BYTES)) bytes += bodyOf(records[end++]!).length;
      const batch = records.slice(start, end);
      const last = batch.at(-1)!;
      const json = batch.map((record) => `{"seq_num":${record.index},"timestamp":${record.ms},"headers":[],"body":${JSON.stringify(bodyOf(record))}}`);
      text += `event: batch\nid: ${last.index},${end - start},${bytes}\ndata: {"records":[${json.join(",")}],"tail":{"seq_num":${tail.index + 1},"timestamp":${tail.ms}}}\n\n`;
      start = end;
    }
    return text;
  },
  ping: "event: ping\n\n",
  end: "event: done\ndata: [DONE]\n\n",
  error: (message) => `event: error\ndata: ${JSON.stringify({ code: "unavailable", message })}\n\n`,
};

const bodies = new WeakMap<StreamRecord, string>();

/** The record body as the v2 writer stores it; a line that is not JSON travels as a string. */
function bodyOf(record: StreamRecord): string {
  let body = bodies.get(record);
  if (body === undefined) {
    body = `{"data":${isJson(record.data) ? record.data : JSON.stringify(record.data)},"id":"${record.recordId}"}`;
    bodies.set(record, body);
  }
  return body;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export const framingFor = (version: StreamsVersion): StreamFraming => (version === "v2" ? v2Framing : v1Framing);
