export const bearer = (token: string | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

/** The headers an Electric-based Trigger.dev client sends on shape requests. */
export const SHAPE_HEADERS = { "x-trigger-electric-version": "1.0.0-beta.1", "x-trigger-api-version": "2025-07-16" };

export interface ShapeAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/** One shape request; the body is parsed when it is JSON. */
export async function shape(url: string, token: string | undefined, headers: Record<string, string> = SHAPE_HEADERS, signal?: AbortSignal): Promise<ShapeAnswer> {
  const response = await fetch(url, { headers: { ...bearer(token), ...headers }, signal });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, body };
}

/** Follows a shape the way an Electric client does: snapshot, then long-polls from the handle and offset. */
export class ShapeFollower {
  handle = "";
  offset = "-1";
  constructor(
    private readonly base: string,
    private readonly token: string | undefined,
    private readonly headers: Record<string, string> = SHAPE_HEADERS,
  ) {}

  private url(live: boolean): string {
    const separator = this.base.includes("?") ? "&" : "?";
    if (this.offset === "-1") return `${this.base}${separator}offset=-1`;
    return `${this.base}${separator}offset=${this.offset}&handle=${encodeURIComponent(this.handle)}${live ? "&live=true" : ""}`;
  }

  async snapshot(): Promise<ShapeAnswer> {
    this.offset = "-1";
    return this.track(await shape(this.url(false), this.token, this.headers));
  }

  async next(signal?: AbortSignal): Promise<ShapeAnswer> {
    return this.track(await shape(this.url(true), this.token, this.headers, signal));
  }

  private track(answer: ShapeAnswer): ShapeAnswer {
    if (answer.status === 200) {
      this.handle = answer.headers.get("electric-handle")!;
      this.offset = answer.headers.get("electric-offset")!;
    }
    return answer;
  }
}

/** Change messages of a shape body (control messages left out). */
export const changes = (body: Array<{ key?: string; headers: Record<string, string>; value?: Record<string, string | null> }>) =>
  body.filter((message) => message.headers.operation !== undefined);

export interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** Reads a server-sent event response until it ends (or `until` says stop), keeping comments. */
export async function readSse(response: Response, until?: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = {};
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) event.comment = line.slice(1).trim();
        else if (line.startsWith("id: ")) event.id = line.slice(4);
        else if (line.startsWith("event: ")) event.event = line.slice(7);
        else if (line.startsWith("data: ")) event.data = line.slice(6);
      }
      events.push(event);
    }
    if (until?.(events)) {
      await reader.cancel();
      break;
    }
  }
  return events;
}
