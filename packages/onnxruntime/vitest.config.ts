import { definePackageTests, MLFLOW_GLOBAL_SETUP } from "@prov4ml/vitest-config";

// The MLflow tests in test/ share one real server: PROV4ML_TEST_MLFLOW_URI when the root test
// command started it, otherwise the global setup starts one.
export default definePackageTests({ globalSetup: [MLFLOW_GLOBAL_SETUP], hookTimeout: 180_000 });
