import * as z from "zod/mini";

// `GET /api/v3/runs/:id` (`runs.retrieve()`): the fields the client relies on are checked,
// the others pass through as the server sent them. Dates become Dates; a null date is left out.

const date = z.pipe(
  z.nullish(z.string()),
  z.transform((value) => (value == null ? undefined : new Date(value))),
);

export const retrievedRunSummarySchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  createdAt: z.optional(date),
  updatedAt: z.optional(date),
  startedAt: z.optional(date),
  finishedAt: z.optional(date),
  delayedUntil: z.optional(date),
  expiredAt: z.optional(date),
});

export const retrievedRunSchema = z.looseObject({
  ...retrievedRunSummarySchema.def.shape,
  relatedRuns: z._default(
    z.looseObject({
      root: z.optional(retrievedRunSummarySchema),
      parent: z.optional(retrievedRunSummarySchema),
      children: z.optional(z.array(retrievedRunSummarySchema)),
    }),
    {},
  ),
  attemptCount: z.catch(z.number(), 0),
});
