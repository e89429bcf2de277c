import { definePackageBuild } from "@prov4ml/build-config";

// Three entries: the library (command functions, validateDocument), the `prov4ml` executable, and
// the relay thread `prov4ml run` starts by file (dist/relay-worker.mjs, next to the chunk using it).
export default definePackageBuild({
  entry: { index: "src/index.ts", bin: "src/bin.ts", "relay-worker": "src/run/relay-worker.ts" },
});
