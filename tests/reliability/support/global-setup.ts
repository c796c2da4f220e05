import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { baseSeed } from "../../support/random.js";
import type { Figure } from "./figures.js";

/** Gives test files a place to leave their figures, and prints them all once the project is done. */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "trigger-realtime-reliability-"));
  project.provide("reliabilityFiguresDir", dir);
  return () => {
    const file = join(dir, "figures.jsonl");
    const sections = existsSync(file)
      ? readFileSync(file, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { section: string; figures: Figure[] })
      : [];
    rmSync(dir, { recursive: true, force: true });
    if (sections.length === 0) return;
    sections.sort((a, b) => (a.section < b.section ? -1 : 1));
    const width = Math.max(...sections.flatMap(({ figures }) => figures.map(([label]) => label.length)));
    const lines = [`\nReliability figures (${project.name}, seed ${baseSeed})`];
    for (const { section, figures } of sections) {
      lines.push(`  ${section}`);
      for (const [label, value] of figures) lines.push(`    ${label.padEnd(width)}  ${value}`);
    }
    console.log(lines.join("\n"));
  };
}
