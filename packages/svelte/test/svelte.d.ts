// `.svelte` imports in TypeScript test files (the Vite plugin compiles them).
declare module "*.svelte" {
  import type { Component } from "svelte";
  const component: Component<any>;
  export default component;
}
