import { definePackageBuild } from "@prov4ml/build-config";

export default definePackageBuild();
