import type { ServerResponse } from "node:http";
import type { ServerContext } from "./context.js";
import { holdEventStream } from "./event-stream.js";
import { HttpError } from "./http.js";
import { controlSubtype, TURN_COMPLETE, type SessionIo } from "./sessions.js";

/** Where a session read starts: after `afterSeq` (undefined: from the first record). */
export interface SessionReadStart {
  afterSeq: number | undefined;
}

/**
 * The read cursor of a session request: `Last-Event-ID` is a `seq_num` (a `<n>-<m>` id counts by
 * its first number), resumed strictly after; without one, `X-Trigger-Stream-Start: latest` starts
 * at the newest record.
 */
export function sessionReadStart(context: ServerContext, key: string, io: SessionIo, lastEventId: string | undefined, start: string | undefined): SessionReadStart {
  if (lastEventId) {
    const seq = Number(lastEventId.split("-")[0]);
    return { afterSeq: Number.isInteger(seq) && seq >= 0 ? seq : undefined };
  }
  if (start === "latest") {
    const length = context.engine.sessions.length(key, io);
    return { afterSeq: length > 1 ? length - 2 : undefined };
  }
  return { afterSeq: undefined };
}

/** `Timeout-Seconds` as the session route reads it: a whole number 1–600, default 60. */
export function sessionTimeoutSeconds(header: string | string[] | undefined): number {
  if (header === undefined || header === "") return 60;
  const seconds = Number(header);
  if (typeof header !== "string" || !Number.isInteger(seconds)) throw new HttpError(400, "Invalid timeout seconds");
  if (seconds < 1) throw new HttpError(400, "Timeout seconds must be greater than 0");
  if (seconds > 600) throw new HttpError(400, "Timeout seconds must be less than 600");
  return seconds;
}

/** The channel's last record is a `turn-complete`: nothing more comes until a client writes. */
export function isSettled(context: ServerContext, key: string): boolean {
  const records = context.engine.sessions.after(key, "out", undefined);
  const last = records.at(-1);
  return last !== undefined && controlSubtype(last) === TURN_COMPLETE;
}

/**
 * Serves a session channel as S2 does behind Cloud's session route: `event: batch` events whose
 * data is `{"records":[{seq_num,timestamp,body,headers}]}`, pings while quiet, and the end of the
 * response after `waitMs` without a new record (0: send what is there and end).
 */
export function streamSessionEvents(context: ServerContext, response: ServerResponse, key: string, io: SessionIo, start: SessionReadStart, waitMs: number): Promise<void> {
  const sessions = context.engine.sessions;
  let afterSeq = start.afterSeq;
  let lastData = Date.now();
  let cancelTimer = () => {};
  const stream = holdEventStream(context, response, () => {
    cancelTimer();
    unlisten();
  });

  const flush = () => {
    if (stream.isEnded()) return;
    const records = sessions.after(key, io, afterSeq);
    if (records.length === 0) return;
    response.write(`event: batch\ndata: ${JSON.stringify({ records })}\n\n`);
    afterSeq = records.at(-1)!.seq_num;
    lastData = Date.now();
  };
  // One timer for both jobs: a ping after a quiet keep-alive period, the end after `waitMs` without data.
  const tick = () => {
    if (stream.isEnded()) return;
    const idle = Date.now() - lastData;
    if (idle >= waitMs - 50) return stream.end();
    response.write("event: ping\n\n");
    cancelTimer = context.deadlines.schedule(Math.min(context.keepAliveMs, waitMs - idle), tick);
  };

  const unlisten = sessions.listen(key, io, flush);
  flush();
  if (waitMs === 0) stream.end();
  else cancelTimer = context.deadlines.schedule(Math.min(context.keepAliveMs, waitMs), tick);
  return stream.ended;
}
