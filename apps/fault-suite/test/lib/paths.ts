/** Built entry points the child processes import, and the repository's helper scripts. */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "@prov4ml/vitest-config";

export const FACADE_DIST = join(REPO_ROOT, "packages/prov4ml/dist/index.mjs");
export const MLFLOW_DIST = join(REPO_ROOT, "packages/backend-mlflow/dist/index.mjs");
export const MLFLOW_SERVER_SCRIPT = join(REPO_ROOT, "scripts/lib/mlflow-server.mjs");

/** What a child needs built before it can run. */
export const BUILT_ENTRIES = [FACADE_DIST, MLFLOW_DIST];

/** `import ... from <this>` inside a child script. */
export const importUrl = (path: string): string => JSON.stringify(pathToFileURL(path).href);
