/**
 * Shared vitest configuration. Workspace packages resolve to their TypeScript sources, so a
 * package's tests run against its neighbours' current code without a build in between.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function workspaceSourceAliases() {
  /** @type {Record<string, string>} */
  const aliases = {};
  const packagesDir = join(repoRoot, "packages");
  for (const dir of readdirSync(packagesDir)) {
    const manifestPath = join(packagesDir, dir, "package.json");
    const entry = join(packagesDir, dir, "src", "index.ts");
    if (!existsSync(manifestPath) || !existsSync(entry)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    // subpath exports (`@prov4ml/core/internal` → src/internal.ts) first: the first match wins
    for (const subpath of Object.keys(manifest.exports ?? {})) {
      const source = join(packagesDir, dir, "src", `${subpath.slice(2)}.ts`);
      if (subpath.startsWith("./") && subpath !== "./package.json" && existsSync(source))
        aliases[`${manifest.name}/${subpath.slice(2)}`] = source;
    }
    aliases[manifest.name] = entry;
  }
  return aliases;
}

/** @param {import("vitest/config").ViteUserConfig["test"]} [overrides] */
export function definePackageTests(overrides = {}) {
  return defineConfig({
    resolve: { alias: workspaceSourceAliases() },
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      // Limits for hangs only: tests wait on conditions, and a busy machine (a Python import, a
      // Chromium start with both cores taken) is only slower, never wrong.
      testTimeout: 180_000,
      hookTimeout: 180_000,
      // expect.poll waits for a condition; its 1 s default is a fixed timeout a loaded machine misses
      // (a chart redrawn in Chromium with both cores taken), so it gets the same kind of limit.
      expect: { poll: { timeout: 60_000 } },
      ...overrides,
      // a temporary directory per test file, removed after it (see temp-dir-setup.mjs)
      setupFiles: [
        join(repoRoot, "tooling", "vitest", "temp-dir-setup.mjs"),
        ...(overrides.setupFiles ?? []),
      ],
    },
  });
}

/** Absolute path of the repository root, for tests that read shared fixtures or the Python venv. */
export const REPO_ROOT = repoRoot;

// --- The pinned Python reference packages (prov, mlflow, codecarbon) installed into `.venv` by the
// test command. In CI a missing venv is an error, never a silent skip.

/** @returns {string | undefined} */
export function pythonExecutable() {
  const fromEnv = process.env.PROV4ML_PYTHON;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const venvPython = join(REPO_ROOT, ".venv", "bin", "python");
  return existsSync(venvPython) ? venvPython : undefined;
}

/** True when the reference Python is available; throws in CI where it must be. */
export function hasReferencePython() {
  const python = pythonExecutable();
  if (python) return true;
  if (process.env.CI) {
    throw new Error("CI=true but the reference Python venv is missing: run `npm test` from the repo root.");
  }
  return false;
}

/** Runs a Python snippet with the reference venv; `args` land in `sys.argv[1:]`. */
/**
 * @param {string} code @param {string[]} [args] @param {string} [input]
 * @returns {{ status: number | null, stdout: string, stderr: string }}
 */
export function runPython(code, args = [], input) {
  const python = pythonExecutable();
  if (!python) throw new Error("reference Python venv not found (.venv); run `npm test` from the repo root");
  const result = spawnSync(python, ["-c", code, ...args], {
    encoding: "utf8",
    input,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Launch options for the browser tests (playwright-core's `chromium.launch`): Debian's Chromium
 * (PROV4ML_CHROMIUM, which `npm test` sets after installing it, else /usr/bin/chromium), headless,
 * with the background networking off that this machine's closed network would refuse.
 */
export function testChromiumLaunchOptions() {
  return {
    executablePath: process.env.PROV4ML_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  };
}

/** Path of the global setup that provides a real MLflow server to a package's integration tests. */
export const MLFLOW_GLOBAL_SETUP = join(repoRoot, "tooling", "vitest", "mlflow-global-setup.mjs");
