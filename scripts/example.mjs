/**
 * `npm run example`: installs the workspace, builds it, and trains the example model with the
 * file-system backend, printing where the provenance went. Needs only Node 20+ and npm.
 */
import { join } from "node:path";
import { ensurePnpm, installAndBuild, pnpm, REPO_ROOT } from "./lib/toolchain.mjs";

try {
  const pnpmCommand = ensurePnpm();
  installAndBuild(pnpmCommand, "@prov4ml/example-training...");
  pnpm(pnpmCommand, ["--filter", "@prov4ml/example-training", "start"], { cwd: REPO_ROOT });
  console.log(
    `\nInspect it with: npx prov4ml show ${join("apps", "example-training", "prov", "moons_mlp_<N>")}`,
  );
} catch (error) {
  console.error(`\nexample failed: ${error.message}`);
  process.exit(error.exitCode ?? 1);
}
