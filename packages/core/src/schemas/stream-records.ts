import * as z from "zod/mini";

// Version 2 (S2) streams and session channels send `batch` events: records with a sequence
// number, an optional JSON body (`{ data, id }`) and headers (control records of a session).

export const streamRecordSchema = z.object({
  seq_num: z.number(),
  timestamp: z.optional(z.number()),
  body: z.optional(z.string()),
  headers: z.optional(z.array(z.tuple([z.string(), z.string()]))),
});

/** The data of one `batch` event; `tail` is the sequence number after the last stored record. */
export const streamBatchSchema = z.object({
  records: z.optional(z.array(streamRecordSchema)),
  tail: z.optional(z.object({ seq_num: z.optional(z.number()) })),
});

export type StreamRecord = z.output<typeof streamRecordSchema>;
