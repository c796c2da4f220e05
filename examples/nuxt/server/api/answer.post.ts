import { startAnswer } from "../../../shared/live-demo-server";

// The answer form posts its prompt here: the server starts the steerable answer.
export default defineEventHandler(async (event) => startAnswer((await readBody<{ prompt?: unknown }>(event))?.prompt));
