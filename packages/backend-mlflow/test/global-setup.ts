/**
 * Integration tests need a real MLflow server: the shared setup (tooling/vitest's
 * mlflow-global-setup.mjs) provides the suite's (PROV4ML_TEST_MLFLOW_URI) or starts one. The
 * multi-process tests also need dist/ built; the production-shape tests get the PostgreSQL + S3
 * servers the root `npm test` started.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import provideMlflowServer from "@prov4ml/vitest-config/mlflow-global-setup";
import type { TestProject } from "vitest/node";

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

/** Builds dist/ for the worker tests, then provides the suite's MLflow server (shared setup). */
export default async function setup(project: TestProject) {
  ensureBuilt();
  // PostgreSQL + S3 servers (scripts/lib/production-mlflow.mjs), started by the root `npm test`.
  project.provide("mlflowProduction", process.env.PROV4ML_TEST_MLFLOW_PRODUCTION ?? "");
  return provideMlflowServer(project);
}

declare module "vitest" {
  export interface ProvidedContext {
    mlflowProduction: string;
  }
}
