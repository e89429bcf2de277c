import type { ViteUserConfig } from "vitest/config";
export declare function definePackageTests(overrides?: ViteUserConfig["test"]): ViteUserConfig;
/** Absolute path of the repository root. */
export declare const REPO_ROOT: string;
/** The reference Python (the `.venv` made by the test command, or PROV4ML_PYTHON). */
export declare function pythonExecutable(): string | undefined;
/** True when the reference Python is available; throws in CI where it must be. */
export declare function hasReferencePython(): boolean;
export interface PythonResult {
  status: number | null;
  stdout: string;
  stderr: string;
}
/** Runs a Python snippet with the reference venv; `args` land in `sys.argv[1:]`. */
export declare function runPython(code: string, args?: string[], input?: string): PythonResult;
/** Launch options for the browser tests: Debian's Chromium (PROV4ML_CHROMIUM or /usr/bin/chromium), headless. */
export declare function testChromiumLaunchOptions(): { executablePath: string; args: string[] };
/** Path of the global setup that provides a real MLflow server to a package's integration tests. */
export declare const MLFLOW_GLOBAL_SETUP: string;
