/**
 * Integration tests need a real MLflow server. The root `npm test` starts one for the whole suite
 * and exports PROV4ML_TEST_MLFLOW_URI; without it this setup starts one (SQLite backend, temporary
 * artifacts destination) with the reference Python venv, and stops it after the run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pythonExecutable } from "@prov4ml/vitest-config";
import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM helper without type declarations
import { startMlflowServer } from "../../../scripts/lib/mlflow-server.mjs";

export default async function setup(project: TestProject) {
  let uri = process.env.PROV4ML_TEST_MLFLOW_URI;
  let stop: (() => Promise<void>) | undefined;
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

declare module "vitest" {
  export interface ProvidedContext {
    mlflowUri: string;
  }
}
