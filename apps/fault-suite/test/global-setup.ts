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
import type { TestProject } from "vitest/node";
import { FIGURES_FILE } from "./lib/figures.ts";
import { formatFigures, problemsIn, sumFigures } from "./lib/figures-table.ts";
import { BUILT_ENTRIES } from "./lib/paths.ts";

export default function setup(project: TestProject) {
  const missing = BUILT_ENTRIES.filter((entry) => !existsSync(entry));
  if (missing.length > 0) {
    throw new Error(
      `the fault suite runs children against built packages; missing ${missing.join(", ")}. ` +
        "Run `pnpm turbo run build --filter=@prov4ml/fault-suite...` from the repository root.",
    );
  }
  const figuresDir = mkdtempSync(join(tmpdir(), "prov4ml-fault-figures-"));
  project.provide("figuresDir", figuresDir);
  project.provide("mlflowUri", process.env.PROV4ML_TEST_MLFLOW_URI ?? "");
  return () => {
    const file = join(figuresDir, FIGURES_FILE);
    const lines = existsSync(file) ? readFileSync(file, "utf8").split("\n") : [];
    rmSync(figuresDir, { recursive: true, force: true });
    const rows = sumFigures(lines);
    const total = rows[rows.length - 1]!;
    console.log(`\nprov4ml fault and abuse suite — figures\n${formatFigures(rows)}\n`);
    const problems = problemsIn(total);
    if (problems.length > 0) throw new Error(`fault suite: ${problems.join(", ")}`);
  };
}
