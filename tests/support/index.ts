// Helpers every test project shares: a dev server per file, what it has open, and waiting.
export * from "./connections.js";
export * from "./dev-server.js";
export * from "./recording-fetch.js";
export * from "./unique.js";
export * from "./random.js";
export * from "./wait.js";
export * from "./server-state.js";
export * from "./adapter-cases.js";
export * from "./teardown.js";
export * from "./modes.js";
export * from "./surface.js";
export * from "./surface-cases.js";
