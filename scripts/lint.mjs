#!/usr/bin/env node
// Project rules a type checker cannot see: every package documented and exported properly,
// no focused or skipped tests, no stray console output in library code.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const problems = [];

function files(dir, pattern) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name === "dist") return [];
    return statSync(path).isDirectory() ? files(path, pattern) : pattern.test(name) ? [path] : [];
  });
}

for (const name of readdirSync(join(root, "packages"))) {
  const dir = join(root, "packages", name);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (!existsSync(join(dir, "README.md"))) problems.push(`${pkg.name}: no README.md`);
  if (!pkg.exports?.["."]?.types) problems.push(`${pkg.name}: exports["."] has no types`);
  for (const file of files(join(dir, "src"), /\.(ts|tsx)$/)) {
    const text = readFileSync(file, "utf8");
    if (/console\.log\(/.test(text) && !file.endsWith("cli.ts")) problems.push(`${file}: console.log in library code`);
  }
  for (const file of files(join(dir, "test"), /\.(ts|tsx)$/)) {
    const text = readFileSync(file, "utf8");
    if (/\b(it|test|describe)\.(only|skip|todo)\b|\bx(it|describe)\(/.test(text)) problems.push(`${file}: focused or skipped test`);
  }
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("lint: ok");
