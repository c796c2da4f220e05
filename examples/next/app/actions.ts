"use server";
import { redirect } from "next/navigation";
import { startProgressRun } from "../../shared/run-page";

/** The start form's action: trigger the demo task on the server, then show its run. */
export async function start(): Promise<never> {
  redirect(`/runs/${await startProgressRun()}`);
}
