/**
 * Global setup for integration tests that need a real MLflow server (`MLFLOW_GLOBAL_SETUP` in a
 * package's vitest config). The root `npm test` starts one server for the whole suite and exports
 * PROV4ML_TEST_MLFLOW_URI; without it this setup starts one (SQLite backend, temporary artifacts
 * destination) with the reference Python venv, and stops it after the run. Tests read the URI
 * with `mlflowUri()` from `@prov4ml/vitest-config/mlflow-query`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMlflowServer } from "../../scripts/lib/mlflow-server.mjs";
import { pythonExecutable } from "./index.mjs";

/** @param {import("vitest/node").TestProject} project */
export default async function setup(project) {
  let uri = process.env.PROV4ML_TEST_MLFLOW_URI;
  /** @type {(() => Promise<void>) | undefined} */
  let stop;
  const python = pythonExecutable();
  if (!uri && python && !process.env.PROV4ML_SKIP_MLFLOW_SERVER) {
    const workDir = mkdtempSync(join(tmpdir(), "prov4ml-mlflow-suite-"));
    const server = await startMlflowServer({ python, workDir });
    uri = server.uri;
    stop = async () => {
      await server.stop();
      rmSync(workDir, { recursive: true, force: true });
    };
  }
  project.provide("mlflowUri", uri ?? "");
  return async () => {
    await stop?.();
  };
}
