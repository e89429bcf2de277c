import { definePackageTests } from "@prov4ml/vitest-config";

// Files run one after another: they spawn many processes, mount file systems and start MLflow
// servers, and the machine may have two cores.
export default definePackageTests({
  include: ["test/**/*.test.ts"],
  globalSetup: ["test/global-setup.ts"],
  fileParallelism: false,
  testTimeout: 300_000,
  hookTimeout: 180_000,
});
