/**
 * Global setup of the fault suite: a directory where every test file adds its figures, and a
 * teardown that prints the one table of figures (trials, points logged and recovered, bad inputs,
 * files checked for secrets, leaks) and fails the run on any loss or leak.
 *
 * The child processes import the built packages (`dist/`): `turbo run test` builds them first
 * (this package's test task depends on its dependencies' builds).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "@prov4ml/vitest-config";
import type { TestProject } from "vitest/node";
import { snapshotBuiltPackages } from "./lib/built-snapshot.ts";
import { FIGURES_FILE } from "./lib/figures.ts";
import { formatFigures, problemsIn, sumFigures } from "./lib/figures-table.ts";
import { REQUIRED_PACKAGES } from "./lib/paths.ts";

export default function setup(project: TestProject) {
  const builtRoot = mkdtempSync(join(tmpdir(), "prov4ml-fault-built-"));
  snapshotBuiltPackages(REPO_ROOT, builtRoot, REQUIRED_PACKAGES);
  project.provide("builtRoot", builtRoot);
  const figuresDir = mkdtempSync(join(tmpdir(), "prov4ml-fault-figures-"));
  project.provide("figuresDir", figuresDir);
  project.provide("mlflowUri", process.env.PROV4ML_TEST_MLFLOW_URI ?? "");
  return () => {
    const file = join(figuresDir, FIGURES_FILE);
    const lines = existsSync(file) ? readFileSync(file, "utf8").split("\n") : [];
    rmSync(figuresDir, { recursive: true, force: true });
    rmSync(builtRoot, { recursive: true, force: true });
    const rows = sumFigures(lines);
    const total = rows[rows.length - 1]!;
    console.log(`\nprov4ml fault and abuse suite — figures\n${formatFigures(rows)}\n`);
    const problems = problemsIn(total);
    if (problems.length > 0) throw new Error(`fault suite: ${problems.join(", ")}`);
  };
}
