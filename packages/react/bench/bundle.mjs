// Production bundle size of one component using `useRealtimeRun`, ours vs
// `@trigger.dev/react-hooks`: rollup + node-resolve + commonjs + terser, gzip, react external.
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { rollup } from "rollup";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import commonjs from "@rollup/plugin-commonjs";
import terser from "@rollup/plugin-terser";
import replace from "@rollup/plugin-replace";
import { transform } from "esbuild";

const TARGET_RATIO = 0.25;
const packages = fileURLToPath(new URL("../../", import.meta.url));

const component = (from) => `
import { createElement } from "react";
import { useRealtimeRun } from "${from}";
export function Progress({ runId, accessToken }) {
  const { run, error } = useRealtimeRun(runId, { accessToken });
  if (error) return createElement("p", null, error.message);
  return createElement("progress", { max: 100, value: run?.metadata?.progress ?? 0 });
}
`;

/** Our packages are bundled from their TypeScript sources, exactly as tsup would ship them. */
const workspaceSources = {
  name: "workspace-sources",
  resolveId(id) {
    const match = /^@trigger-realtime\/(core|react)$/.exec(id);
    return match ? `${packages}${match[1]}/src/index.ts` : null;
  },
  async transform(code, id) {
    if (!id.endsWith(".ts")) return null;
    const result = await transform(code, { loader: "ts", format: "esm", target: "es2022", sourcefile: id });
    return { code: result.code, map: null };
  },
};

async function measure(from) {
  const bundle = await rollup({
    input: "entry",
    external: (id) => id === "react" || id === "react-dom" || id.startsWith("react/") || id.startsWith("react-dom/"),
    plugins: [
      { name: "entry", resolveId: (id) => (id === "entry" ? id : null), load: (id) => (id === "entry" ? component(from) : null) },
      workspaceSources,
      replace({ preventAssignment: true, values: { "process.env.NODE_ENV": JSON.stringify("production") } }),
      nodeResolve({ browser: true, extensions: [".mjs", ".js", ".ts", ".json"] }),
      commonjs(),
      terser(),
    ],
    onwarn(warning, warn) {
      // "use client" directives and circular imports inside third-party packages are expected.
      if (warning.code === "MODULE_LEVEL_DIRECTIVE" || warning.code === "CIRCULAR_DEPENDENCY" || warning.code === "THIS_IS_UNDEFINED") return;
      if (warning.code === "INVALID_ANNOTATION") return;
      warn(warning);
    },
  });
  const { output } = await bundle.generate({ format: "esm" });
  await bundle.close();
  const chunks = output.filter((item) => item.type === "chunk");
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  // What the page loads with the component: the entry and its static imports. Lazy chunks
  // (dynamic imports, e.g. superjson) load only when a run needs them.
  const initial = new Set();
  const visit = (chunk) => {
    if (initial.has(chunk)) return;
    initial.add(chunk);
    for (const name of chunk.imports) if (byName.has(name)) visit(byName.get(name));
  };
  visit(chunks.find((chunk) => chunk.isEntry));
  const gzip = (list) => list.reduce((sum, chunk) => sum + gzipSync(chunk.code, { level: 9 }).length, 0);
  return {
    min: [...initial].reduce((sum, chunk) => sum + Buffer.byteLength(chunk.code), 0),
    gzip: gzip([...initial]),
    allGzip: gzip(chunks),
    modules: Object.assign({}, ...[...initial].map((chunk) => chunk.modules)),
  };
}

/** Where the bytes come from: rendered (pre-minification) size per package. */
function breakdown(modules) {
  const byPackage = new Map();
  for (const [id, info] of Object.entries(modules)) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id.split("node_modules/.pnpm/").pop() ?? id)?.[1] ?? /packages\/([^/]+)\//.exec(id)?.[1] ?? id;
    byPackage.set(name, (byPackage.get(name) ?? 0) + info.renderedLength);
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;


const ours = await measure("@trigger-realtime/react");
const official = await measure("@trigger.dev/react-hooks");
const ratio = ours.gzip / official.gzip;

console.log("useRealtimeRun component, production bundle (react external)");
const row = (name, size) =>
  console.log(`  ${name.padEnd(26)} ${kb(size.min).padStart(9)} min  ${kb(size.gzip).padStart(9)} gzip  (${kb(size.allGzip)} gzip with lazy chunks)`);
row("@trigger-realtime/react", ours);
row("@trigger.dev/react-hooks", official);
console.log(`  ratio ours/official: ${ratio.toFixed(3)} (${(official.gzip / ours.gzip).toFixed(1)}x smaller; target <= ${TARGET_RATIO})`);
console.log("  ours by package (rendered, before minification):");
for (const [name, bytes] of breakdown(ours.modules).slice(0, 8)) console.log(`    ${name.padEnd(28)} ${kb(bytes).padStart(9)}`);
if (ratio > TARGET_RATIO) {
  console.log(`  OVER TARGET: ours is ${(ratio * 100).toFixed(1)}% of the official bundle`);
  process.exitCode = 1;
}
