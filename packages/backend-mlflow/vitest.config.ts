import { definePackageTests } from "@prov4ml/vitest-config";

// The integration tests share one real MLflow server: PROV4ML_TEST_MLFLOW_URI when the root test
// command started it, otherwise the global setup starts one.
export default definePackageTests({
  globalSetup: ["test/global-setup.ts"],
  testTimeout: 300_000,
  hookTimeout: 180_000,
});
