#!/usr/bin/env node
// In this repository the CLI runs from its TypeScript source through tsx (no build step, never a
// stale build); an installed copy, which has no tsx, runs its build.
let register;
try {
  ({ register } = await import("tsx/esm/api"));
} catch {
  // tsx is a development dependency: absent where the package is installed.
}
if (register) {
  register();
  await import("../src/cli.ts");
} else {
  await import("../dist/cli.js");
}
