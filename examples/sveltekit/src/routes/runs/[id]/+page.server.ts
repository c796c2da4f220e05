import { error } from "@sveltejs/kit";
import { isRunId, runPageData } from "../../../../../shared/run-page";
import type { PageServerLoad } from "./$types";

// The run as it is now and a token that may read only this run: rendered on the server,
// handed to the browser with the page's data.
export const load: PageServerLoad = async ({ params }) => {
  if (!isRunId(params.id)) error(404, "No such run");
  return runPageData(params.id);
};
