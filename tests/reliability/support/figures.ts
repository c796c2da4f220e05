import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    reliabilityFiguresDir: string;
  }
}

export type Figure = [label: string, value: string | number];

/**
 * Records a section of figures: printed by the test file now, and gathered by the project's
 * global setup into one summary at the end of the run.
 */
export function reportFigures(section: string, figures: Figure[]): void {
  const width = Math.max(...figures.map(([label]) => label.length));
  console.log([`[reliability] ${section}`, ...figures.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)].join("\n"));
  const dir = inject("reliabilityFiguresDir");
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, "figures.jsonl"), `${JSON.stringify({ section, figures })}\n`);
}
