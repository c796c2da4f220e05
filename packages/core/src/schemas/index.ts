// The wire formats the client decodes, as zod (zod/mini) schemas, for code that validates the
// same data itself.
export { runRowSchema, runTimestampSchema, taskRunErrorSchema, type RunRow, type TaskRunError, type ErrorCause } from "./run-row.js";
export {
  triggerAnswerSchema,
  createdBatchSchema,
  batchItemsAnswerSchema,
  waitTokenAnswerSchema,
  inputStreamAnswerSchema,
  packetAnswerSchema,
} from "./answers.js";
export { streamBatchSchema, streamRecordSchema, type StreamRecord } from "./stream-records.js";
export { retrievedRunSchema, retrievedRunSummarySchema } from "./retrieved-run.js";
