import { libraryConfig } from "../../tsup.shared.ts";

// The user API, the entry the framework adapters share (not part of the user API), and the wire schemas.
export default libraryConfig({ index: "src/index.ts", "adapter/index": "src/adapter/index.ts", "schemas/index": "src/schemas/index.ts" });
