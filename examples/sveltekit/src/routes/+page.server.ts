import { redirect } from "@sveltejs/kit";
import { startProgressRun } from "../../../shared/run-page";
import type { Actions } from "./$types";

export const actions = {
  // Trigger the demo task on the server, then show its run.
  default: async () => redirect(303, `/runs/${await startProgressRun()}`),
} satisfies Actions;
