import { startAnswer } from "../../../../shared/live-demo-server";
import type { Actions } from "./$types";

export const actions = {
  // The server starts the steerable answer; the page follows it from what this returns.
  default: async ({ request }) => startAnswer((await request.formData()).get("prompt")),
} satisfies Actions;
