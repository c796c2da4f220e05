import { openChat } from "../../../../shared/live-demo-server";
import type { Actions } from "./$types";

export const actions = {
  // The server opens the chat session; the page follows it from what this returns.
  default: () => openChat(),
} satisfies Actions;
