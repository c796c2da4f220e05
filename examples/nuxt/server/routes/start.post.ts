import { startProgressRun } from "../../../shared/run-page";

// The start form posts here: trigger the demo task on the server, then show its run.
export default defineEventHandler(async (event) => sendRedirect(event, `/runs/${await startProgressRun()}`, 303));
