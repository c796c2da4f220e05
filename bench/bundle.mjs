// Production bundle of one component showing a run live, per framework, against the official
// `@trigger.dev/react-hooks` component: rollup + node-resolve + commonjs + terser, gzip level 9,
// the UI framework external (react, vue, svelte, solid-js). The method of
// packages/react/bench/bundle.mjs, extended to every adapter. Our packages are bundled from their
// TypeScript sources, as tsup ships them.
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { rollup } from "rollup";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import commonjs from "@rollup/plugin-commonjs";
import terser from "@rollup/plugin-terser";
import replace from "@rollup/plugin-replace";
import { transform } from "esbuild";
import { compile } from "svelte/compiler";

const packages = fileURLToPath(new URL("../packages/", import.meta.url));

/** The React component, with `useRealtimeRun` from `hooksPackage`: the same code for both libraries. */
const reactComponent = (hooksPackage) => ({
  external: /^react(-dom)?(\/|$)/,
  code: `
import { createElement } from "react";
import { useRealtimeRun } from "${hooksPackage}";
export function Progress({ runId, accessToken }) {
  const { run, error } = useRealtimeRun(runId, { accessToken });
  if (error) return createElement("p", null, error.message);
  return createElement("progress", { max: 100, value: run?.metadata?.progress ?? 0 });
}`,
});

/** The same component in each framework: a progress bar from `run.metadata.progress`, or the error. */
const components = {
  "react-official": reactComponent("@trigger.dev/react-hooks"),
  react: reactComponent("@trigger-realtime/react"),
  vue: {
    external: /^(vue|@vue\/[^/]+)(\/|$)/,
    code: `
import { defineComponent, h } from "vue";
import { useRun } from "@trigger-realtime/vue";
export const Progress = defineComponent({
  props: { runId: String, accessToken: String },
  setup(props) {
    const { run, error } = useRun(() => props.runId, () => ({ accessToken: props.accessToken }));
    return () => (error.value ? h("p", error.value.message) : h("progress", { max: 100, value: run.value?.metadata?.progress ?? 0 }));
  },
});`,
  },
  svelte: {
    external: /^svelte(\/|$)/,
    // Compiled by the Svelte compiler, as vite-plugin-svelte does.
    svelte: `
<script>
  import { runStore } from "@trigger-realtime/svelte";
  let { runId, accessToken } = $props();
  const run = $derived(runStore(runId, { accessToken }));
</script>
{#if $run.error}
  <p>{$run.error.message}</p>
{:else}
  <progress max="100" value={$run.run?.metadata?.progress ?? 0}></progress>
{/if}`,
  },
  solid: {
    external: /^solid-js(\/|$)/,
    // Without JSX (what babel-preset-solid emits would import from solid-js/web, external too).
    code: `
import { createMemo } from "solid-js";
import { createRun } from "@trigger-realtime/solid";
export function Progress(props) {
  const { run, error } = createRun(() => props.runId, () => ({ accessToken: props.accessToken }));
  const progress = document.createElement("progress");
  progress.max = 100;
  return createMemo(() => {
    if (error()) return error().message;
    progress.value = run()?.metadata?.progress ?? 0;
    return progress;
  });
}`,
  },
};

const workspaceSources = {
  name: "workspace-sources",
  resolveId(id) {
    if (id === "@trigger-realtime/core/adapter") return `${packages}core/src/adapter/index.ts`;
    const match = /^@trigger-realtime\/(core|react|vue|svelte|solid)$/.exec(id);
    return match ? `${packages}${match[1]}/src/index.ts` : null;
  },
  async transform(code, id) {
    if (!id.endsWith(".ts")) return null;
    const result = await transform(code, { loader: "ts", format: "esm", target: "es2022", sourcefile: id });
    return { code: result.code, map: null };
  },
};

export async function measureBundle(name) {
  const component = components[name];
  const entry = component.svelte
    ? compile(component.svelte, { filename: "Progress.svelte", generate: "client", dev: false }).js.code
    : component.code;
  const bundle = await rollup({
    input: "entry",
    external: (id) => component.external.test(id),
    plugins: [
      { name: "entry", resolveId: (id) => (id === "entry" ? id : null), load: (id) => (id === "entry" ? entry : null) },
      workspaceSources,
      replace({ preventAssignment: true, values: { "process.env.NODE_ENV": JSON.stringify("production") } }),
      nodeResolve({ browser: true, extensions: [".mjs", ".js", ".ts", ".json"] }),
      commonjs(),
      terser(),
    ],
    onwarn(warning, warn) {
      // "use client" directives, circular imports and annotations inside third-party packages are expected.
      if (["MODULE_LEVEL_DIRECTIVE", "CIRCULAR_DEPENDENCY", "THIS_IS_UNDEFINED", "INVALID_ANNOTATION"].includes(warning.code)) return;
      warn(warning);
    },
  });
  const { output } = await bundle.generate({ format: "esm" });
  await bundle.close();
  const chunks = output.filter((item) => item.type === "chunk");
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  /** The entry and every chunk it imports, following dynamic imports too when `lazy`. */
  const reachable = (lazy) => {
    const found = new Set();
    const visit = (chunk) => {
      if (found.has(chunk)) return;
      found.add(chunk);
      for (const file of [...chunk.imports, ...(lazy ? chunk.dynamicImports : [])]) if (byName.has(file)) visit(byName.get(file));
    };
    visit(chunks.find((chunk) => chunk.isEntry));
    return [...found];
  };
  // What a page showing a run with a superjson payload loads: the entry, its static imports and
  // the lazy chunks (superjson, loaded on the first such payload). That is the figure compared.
  const loaded = reachable(true);
  const initial = reachable(false);
  const gzip = (list) => list.reduce((sum, chunk) => sum + gzipSync(chunk.code, { level: 9 }).length, 0);
  return {
    min: loaded.reduce((sum, chunk) => sum + Buffer.byteLength(chunk.code), 0),
    gzip: gzip(loaded),
    initialGzip: gzip(initial),
    chunks: loaded.length,
    byPackage: breakdown(Object.assign({}, ...loaded.map((chunk) => chunk.modules))),
  };
}

/** Where the bytes come from: rendered (pre-minification) size per package. */
function breakdown(modules) {
  const byPackage = new Map();
  for (const [id, info] of Object.entries(modules)) {
    const name =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id.split("node_modules/.pnpm/").pop() ?? id)?.[1] ??
      (/packages\/([^/]+)\//.exec(id) ? `@trigger-realtime/${/packages\/([^/]+)\//.exec(id)[1]}` : id);
    byPackage.set(name, (byPackage.get(name) ?? 0) + info.renderedLength);
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 6);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = {};
  console.log("Bundle of one component showing a run with a superjson payload: every chunk it loads, lazy ones included (rollup + terser, gzip; UI framework external)");
  for (const name of ["react-official", "react", "vue", "svelte", "solid"]) {
    const size = await measureBundle(name);
    results[name] = size;
    const label = name === "react-official" ? "@trigger.dev/react-hooks" : `@trigger-realtime/${name}`;
    const ratio = name === "react-official" ? "" : `  ratio ${(size.gzip / results["react-official"].gzip).toFixed(3)}`;
    console.log(`  ${label.padEnd(26)} ${kb(size.min).padStart(9)} min  ${kb(size.gzip).padStart(8)} gzip in ${size.chunks} chunk(s) (${kb(size.initialGzip)} before lazy ones)${ratio}`);
    console.log(`    ${size.byPackage.map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`).join(", ")}`);
  }
  if (process.send) process.send({ result: results });
}
