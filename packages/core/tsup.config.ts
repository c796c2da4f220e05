import { libraryConfig } from "../../tsup.shared.ts";

// The user API, and the entry the framework adapters share (not part of the user API).
export default libraryConfig({ index: "src/index.ts", "adapter/index": "src/adapter/index.ts" });
