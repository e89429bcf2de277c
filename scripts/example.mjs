/**
 * `npm run example`: installs the workspace, builds it, trains the example model with the
 * file-system backend, prints where the provenance went, and shows the run with the `prov4ml`
 * command line. Needs only Node 20+ and npm.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ensurePnpm, installAndBuild, pnpm, REPO_ROOT, run } from "./lib/toolchain.mjs";

function latestRunDir(saveDir, experiment) {
  const numbers = readdirSync(saveDir)
    .map((name) => new RegExp(`^${experiment}_(\\d+)$`).exec(name)?.[1])
    .filter((number) => number !== undefined)
    .map(Number);
  return join(saveDir, `${experiment}_${Math.max(...numbers)}`);
}

try {
  const pnpmCommand = ensurePnpm();
  installAndBuild(pnpmCommand, "@prov4ml/example-training...");
  pnpm(pnpmCommand, ["--filter", "@prov4ml/example-training", "start"]);
  const runDir = latestRunDir(join(REPO_ROOT, "apps", "example-training", "prov"), "moons_mlp");
  run(process.execPath, [join(REPO_ROOT, "packages", "cli", "dist", "bin.mjs"), "show", runDir]);
} catch (error) {
  console.error(`\nexample failed: ${error.message}`);
  process.exit(error.exitCode ?? 1);
}
