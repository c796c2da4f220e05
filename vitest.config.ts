import { defineConfig } from "vitest/config";
import projects from "./vitest.workspace.ts";
import { EveryProjectRan } from "./scripts/every-project-ran.ts";

// Vitest 4 does not read vitest.workspace.ts by itself: the list is imported here.
export default defineConfig({
  test: {
    projects,
    passWithNoTests: false,
    reporters: ["default", new EveryProjectRan(projects.map((p) => p.test!.name as string))],
  },
});
