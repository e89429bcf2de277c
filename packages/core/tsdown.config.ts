import { definePackageBuild } from "@prov4ml/build-config";

/** Two entries: the stable API and the unstable `./internal` one (see src/internal.ts). */
export default definePackageBuild({ entry: ["src/index.ts", "src/internal.ts"] });
