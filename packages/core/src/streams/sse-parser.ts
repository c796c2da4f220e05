/** One server-sent event. */
export interface ServerSentEvent {
  id: string | undefined;
  event: string;
  data: string;
}

/**
 * Incremental text/event-stream parser: feed it decoded text as it arrives, get whole events
 * back. Comments (`: ping`) and `retry:` lines are dropped.
 */
export class SSEParser {
  private buffer = "";
  private id: string | undefined;
  private event = "";
  private data: string[] = [];

  push(text: string): ServerSentEvent[] {
    this.buffer += text;
    const events: ServerSentEvent[] = [];
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) !== -1) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith("\r\n", newline) ? 2 : 1;
      // A lone \r at the end may be the first half of \r\n: wait for more text.
      if (width === 1 && this.buffer[newline] === "\r" && newline === this.buffer.length - 1) break;
      this.buffer = this.buffer.slice(newline + width);
      if (line === "") {
        if (this.data.length > 0) events.push({ id: this.id, event: this.event || "message", data: this.data.join("\n") });
        this.event = "";
        this.data = [];
        this.id = undefined;
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      // Values are slices of the text received so far; the ones kept (the id, in every part and
      // as lastEventId) are copied, so that they do not keep all that text alive.
      if (field === "data") this.data.push(value);
      else if (field === "id") this.id = detach(value);
      else if (field === "event") this.event = detach(value);
    }
    return events;
  }
}

/**
 * A copy of `text` that does not hold on to the string it was sliced from. Engines (V8) make
 * `slice` a view of the original string, so one short id could otherwise keep a whole chunk of
 * the stream in memory.
 */
export function detach(text: string): string {
  return (" " + text).slice(1);
}
