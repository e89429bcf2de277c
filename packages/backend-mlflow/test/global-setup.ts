/**
 * Integration tests need a real MLflow server. The root `npm test` starts one for the whole suite
 * and exports PROV4ML_TEST_MLFLOW_URI; without it this setup starts one (SQLite backend, temporary
 * artifacts destination) with the reference Python venv, and stops it after the run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { pythonExecutable } from "@prov4ml/vitest-config";
import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM helper without type declarations
import { startMlflowServer } from "../../../scripts/lib/mlflow-server.mjs";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Multi-process tests run workers against dist/: rebuild it when a source is newer. */
function ensureBuilt(): void {
  const built = join(packageDir, "dist", "index.mjs");
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const sources = readdirSync(join(packageDir, "src")).map(
    (file) => statSync(join(packageDir, "src", file)).mtimeMs,
  );
  if (sources.every((time) => time < builtAt)) return;
  const result = spawnSync("pnpm", ["exec", "tsdown"], { cwd: packageDir, encoding: "utf8" });
  if (result.status !== 0)
    throw new Error(`building backend-mlflow for the worker tests failed:\n${result.stderr}`);
}

export default async function setup(project: TestProject) {
  ensureBuilt();
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
  // PostgreSQL + S3 servers (scripts/lib/production-mlflow.mjs), started by the root `npm test`.
  project.provide("mlflowProduction", process.env.PROV4ML_TEST_MLFLOW_PRODUCTION ?? "");
  return async () => {
    await stop?.();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    mlflowUri: string;
    mlflowProduction: string;
  }
}
