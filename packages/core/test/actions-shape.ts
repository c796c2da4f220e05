import { isChangeMessage, isControlMessage, ShapeStream, type Row } from "@electric-sql/client";
import { createRealtimeClient } from "../src/client.js";

/**
 * The rows of a run shape (`/realtime/v1/runs/:id`, `/realtime/v1/batches/:id`, …) as
 * `@electric-sql/client` yields them at the first up-to-date: what the decoder is fed.
 */
export async function shapeRows(baseURL: string, accessToken: string, path: string, params: Record<string, string> = {}): Promise<Row[]> {
  const client = createRealtimeClient({ baseURL, accessToken });
  const controller = new AbortController();
  const query = new URLSearchParams(params).toString();
  const url = `${baseURL}${path}${query ? `?${query}` : ""}`;
  const stream = new ShapeStream({ url, signal: controller.signal, fetchClient: client.fetch });
  const rows = new Map<string, Row>();
  try {
    return await new Promise<Row[]>((resolve, reject) => {
      stream.subscribe(
        (messages) => {
          for (const message of messages) {
            if (isChangeMessage(message)) rows.set(message.key, { ...rows.get(message.key), ...message.value });
            else if (isControlMessage(message) && message.headers.control === "up-to-date") resolve([...rows.values()]);
          }
        },
        (error) => reject(error),
      );
    });
  } finally {
    controller.abort();
  }
}

/** The one row of a run. */
export async function runRow(baseURL: string, accessToken: string, runId: string): Promise<Row> {
  const rows = await shapeRows(baseURL, accessToken, `/realtime/v1/runs/${runId}`);
  if (rows.length !== 1) throw new Error(`Expected one row for ${runId}, got ${rows.length}`);
  return rows[0]!;
}
