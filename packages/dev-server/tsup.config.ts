import { libraryConfig } from "../../tsup.shared.ts";

export default libraryConfig(["src/index.ts", "src/cli.ts", "src/demo-tasks.ts"]);
