import type { Reporter, TestModule, TestRunEndReason } from "vitest/node";

/**
 * Vitest skips a project whose include pattern matches nothing and still exits 0.
 * This reporter fails the run when any listed project ran no test, so a typo in a
 * pattern (or a deleted test folder) cannot pass silently.
 */
export class EveryProjectRan implements Reporter {
  constructor(private readonly expected: string[]) {}

  onTestRunEnd(modules: ReadonlyArray<TestModule>, _errors: unknown, reason: TestRunEndReason): void {
    if (reason === "interrupted") return;
    // A filtered run (`vitest run -t x`, `--project y`, a file path) legitimately skips projects.
    if (process.argv.slice(2).some((arg) => arg !== "run")) return;
    const ran = new Set<string>();
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed" || state === "failed") ran.add(module.project.name);
      }
    }
    const missing = this.expected.filter((name) => !ran.has(name));
    if (missing.length > 0) {
      console.error(`\nThese test projects ran no test: ${missing.join(", ")}`);
      process.exitCode = 1;
    }
  }
}
