import { definePackageBuild } from "@prov4ml/build-config";

// Two entries: the library (command functions, validateDocument) and the `prov4ml` executable.
export default definePackageBuild({ entry: ["src/index.ts", "src/bin.ts"] });
