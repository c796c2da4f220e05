/** Sizes and depths the dev server accepts: one place for each rule. */

/** Run metadata as JSON, as Trigger.dev's `TASK_RUN_METADATA_MAXIMUM_SIZE` default. */
export const METADATA_LIMIT = 256 * 1024;

/**
 * How deeply any JSON a caller sends (a body, an NDJSON line, a stringified payload or
 * metadata) may nest. Deeper values overflow the stack when they are encoded again, so they
 * are refused at the door instead of breaking every later read of the run.
 */
export const JSON_DEPTH_LIMIT = 128;
