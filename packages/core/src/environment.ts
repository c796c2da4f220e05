// Subscriptions never start during server rendering: a store read while rendering on the
// server must not open a long-poll that outlives the request. Node code that wants live data
// uses the async iterators (which opt in) or flips the switch.

let serverOverride: boolean | undefined;

export function isServer(): boolean {
  return serverOverride ?? typeof window === "undefined";
}

/** Overrides server detection: `false` lets stores connect in Node (tests, scripts); `undefined` restores detection. */
export function setServerEnvironment(server: boolean | undefined): void {
  serverOverride = server;
}
