import { definePackageBuild } from "@prov4ml/build-config";

// shims: the CJS build finds the bundled page through import.meta.dirname too.
export default definePackageBuild({ overrides: { shims: true } });
