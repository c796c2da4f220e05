import { fileURLToPath } from "node:url";
import { svelteTesting } from "@testing-library/svelte/vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import solid from "vite-plugin-solid";
import type { TestProjectInlineConfiguration } from "vitest/config";

// The one list of test projects. vitest.config.ts feeds it to `test.projects`.

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

/** Workspace packages resolve to their sources, so tests never need a build first. */
export const alias = {
  // Before the package itself: the first matching entry wins.
  "@trigger-realtime/core/adapter": fileURLToPath(new URL("./packages/core/src/adapter/index.ts", import.meta.url)),
  "@trigger-realtime/core/schemas": fileURLToPath(new URL("./packages/core/src/schemas/index.ts", import.meta.url)),
  "@trigger-realtime/core": src("core"),
  "@trigger-realtime/dev-server": src("dev-server"),
  "@trigger-realtime/react": src("react"),
  "@trigger-realtime/vue": src("vue"),
  "@trigger-realtime/svelte": src("svelte"),
  "@trigger-realtime/solid": src("solid"),
  // Not a package: the helpers every test project shares.
  "@trigger-realtime/test-support": fileURLToPath(new URL("./tests/support/index.ts", import.meta.url)),
};

const project = (config: TestProjectInlineConfiguration): TestProjectInlineConfiguration => ({
  ...config,
  resolve: { ...config.resolve, alias },
  test: { testTimeout: 30_000, hookTimeout: 30_000, ...config.test },
});

export default [
  project({ test: { name: "dev-server", environment: "node", include: ["packages/dev-server/test/**/*.test.ts"] } }),
  project({
    test: {
      name: "core",
      environment: "node",
      include: ["packages/core/test/**/*.test.ts"],
      typecheck: { enabled: true, include: ["packages/core/test/**/*.test-d.ts"], tsconfig: "packages/core/tsconfig.json" },
    },
  }),
  project({
    test: {
      name: "react",
      environment: "jsdom",
      include: ["packages/react/test/**/*.test.{ts,tsx}"],
      typecheck: { enabled: true, include: ["packages/react/test/**/*.test-d.ts"], tsconfig: "packages/react/tsconfig.json" },
    },
  }),
  project({
    test: {
      name: "vue",
      environment: "jsdom",
      include: ["packages/vue/test/**/*.test.ts"],
      typecheck: { enabled: true, include: ["packages/vue/test/**/*.test-d.ts"], tsconfig: "packages/vue/tsconfig.json" },
    },
  }),
  project({
    plugins: [svelte(), svelteTesting()],
    resolve: { conditions: ["browser"] },
    test: {
      name: "svelte",
      environment: "jsdom",
      include: ["packages/svelte/test/**/*.test.ts"],
      exclude: ["**/*.ssr.test.ts"],
      typecheck: { enabled: true, include: ["packages/svelte/test/**/*.test-d.ts"], tsconfig: "packages/svelte/tsconfig.json" },
    },
  }),
  project({
    plugins: [svelte()],
    test: { name: "svelte-ssr", environment: "node", include: ["packages/svelte/test/**/*.ssr.test.ts"] },
  }),
  project({
    plugins: [solid()],
    resolve: { conditions: ["development", "browser"] },
    test: {
      name: "solid",
      environment: "jsdom",
      include: ["packages/solid/test/**/*.test.{ts,tsx}"],
      exclude: ["**/*.ssr.test.tsx"],
      typecheck: { enabled: true, include: ["packages/solid/test/**/*.test-d.{ts,tsx}"], tsconfig: "packages/solid/tsconfig.json" },
    },
  }),
  project({
    plugins: [solid({ ssr: true, solid: { generate: "ssr", hydratable: true } })],
    test: { name: "solid-ssr", environment: "node", include: ["packages/solid/test/**/*.ssr.test.tsx"] },
  }),
  project({
    // The adapter cycles run in jsdom (per-file `@vitest-environment`): Solid must load its
    // browser build there, so it is inlined and resolved with the browser conditions.
    resolve: { conditions: ["browser", "development"] },
    test: {
      name: "reliability",
      environment: "node",
      include: ["tests/reliability/**/*.test.{ts,tsx}"],
      server: { deps: { inline: [/solid-js/] } },
      globalSetup: ["tests/reliability/support/global-setup.ts"],
      // Heap figures after a forced collection.
      execArgv: ["--expose-gc"],
      testTimeout: 120_000,
      hookTimeout: 60_000,
    },
  }),
  project({
    test: {
      name: "e2e",
      environment: "node",
      // Every example app in Debian's Chromium (playwright-core, no downloaded browsers).
      include: ["examples/e2e/**/*.test.ts"],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
] satisfies TestProjectInlineConfiguration[];
