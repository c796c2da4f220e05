import { isRunId, runPageData } from "../../../../shared/run-page";

// What a run page renders from: the run as it is now and a token that may read only this run.
export default defineEventHandler((event) => {
  const id = getRouterParam(event, "id") ?? "";
  if (!isRunId(id)) throw createError({ statusCode: 404, statusMessage: "No such run" });
  return runPageData(id);
});
