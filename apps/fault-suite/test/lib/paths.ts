/**
 * Built entry points the child processes import, inside the snapshot the global setup took
 * (see built-snapshot.ts), and the repository's helper scripts.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "@prov4ml/vitest-config";
import { inject } from "vitest";

/** Package directories the children need built. */
export const REQUIRED_PACKAGES = ["prov4ml", "backend-mlflow", "cli"];

const built = (relative: string) => join(inject("builtRoot"), "packages", relative);

export const facadeDist = () => built("prov4ml/dist/index.mjs");
export const mlflowDist = () => built("backend-mlflow/dist/index.mjs");
/** The `prov4ml` command (packages/cli's `bin`). */
export const cliBin = () => built("cli/dist/bin.mjs");
export const MLFLOW_SERVER_SCRIPT = join(REPO_ROOT, "scripts/lib/mlflow-server.mjs");

/** `import ... from <this>` inside a child script. */
export const importUrl = (path: string): string => JSON.stringify(pathToFileURL(path).href);
