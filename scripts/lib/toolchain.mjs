/**
 * What the root scripts need before anything else: the pinned pnpm, the workspace installed
 * and built, and the Python venv with the pinned reference packages. Only Node and npm are
 * assumed; everything else is installed here.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const rootManifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
export const PNPM_VERSION = rootManifest.packageManager.split("@")[1];

// Every command these scripts start inherits this: no turbo telemetry notice, no update nag.
process.env.TURBO_TELEMETRY_DISABLED ??= "1";
process.env.TURBO_NO_UPDATE_NOTIFIER ??= "1";

/** Runs a command in the repo root, streaming its output; throws on failure. */
export function run(command, args, options = {}) {
  console.log(`\n$ ${[command, ...args].join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: "inherit", ...options });
  tookSeconds(started);
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const error = new Error(`${command} ${args.join(" ")} exited with ${result.status}`);
    error.exitCode = result.status ?? 1;
    throw error;
  }
  return result;
}

/** Says how long a step took, so a slow step is easy to find in the output. */
function tookSeconds(started) {
  const seconds = (Date.now() - started) / 1000;
  if (seconds >= 5) console.log(`(${seconds.toFixed(0)} s)`);
}

/** `run` without blocking the event loop, so that a server started meanwhile can be polled. */
export function runAsync(command, args, options = {}) {
  console.log(`\n$ ${[command, ...args].join(" ")}`);
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: "inherit", ...options });
    child.on("error", reject);
    child.on("exit", (status) => {
      tookSeconds(started);
      if (status === 0) return resolvePromise();
      const error = new Error(`${command} ${args.join(" ")} exited with ${status}`);
      error.exitCode = status ?? 1;
      reject(error);
    });
  });
}

function output(command, args) {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The pinned pnpm, installed globally with npm when missing (corepack is not relied upon). */
export function ensurePnpm() {
  if (output("pnpm", ["--version"]) === PNPM_VERSION) return "pnpm";
  console.log(`installing pnpm@${PNPM_VERSION} with npm`);
  const global = spawnSync("npm", ["install", "--global", `pnpm@${PNPM_VERSION}`], { stdio: "inherit" });
  if (global.status === 0 && output("pnpm", ["--version"]) === PNPM_VERSION) return "pnpm";
  // No permission for a global install: run it through npx instead.
  return ["npx", "--yes", `pnpm@${PNPM_VERSION}`];
}

export function pnpm(pnpmCommand, args, options) {
  const [command, ...prefix] = Array.isArray(pnpmCommand) ? pnpmCommand : [pnpmCommand];
  return run(command, [...prefix, ...args], options);
}

/** `pnpm` through `runAsync`. */
export function pnpmAsync(pnpmCommand, args, options) {
  const [command, ...prefix] = Array.isArray(pnpmCommand) ? pnpmCommand : [pnpmCommand];
  return runAsync(command, [...prefix, ...args], options);
}

/** `pnpm install` (frozen lockfile in CI) and a build of every package. */
export function installAndBuild(pnpmCommand, filter) {
  pnpm(pnpmCommand, ["install", ...(process.env.CI ? ["--frozen-lockfile"] : [])]);
  pnpm(pnpmCommand, ["exec", "turbo", "run", "build", ...(filter ? [`--filter=${filter}`] : [])]);
}

/**
 * The venv `.venv` with `tooling/python/requirements.txt`, re-created when the requirements change.
 * Returns the venv's python.
 */
/** The uv that installs the venv; pinned so that a new uv release cannot change a green run. */
const UV_VERSION = "0.13.9";

export function ensurePythonVenv() {
  const venv = join(REPO_ROOT, ".venv");
  const python = join(venv, "bin", "python");
  const requirementsPath = join(REPO_ROOT, "tooling", "python", "requirements.txt");
  const digest = createHash("sha256").update(readFileSync(requirementsPath)).digest("hex");
  const stamp = join(venv, ".requirements.sha256");
  if (existsSync(python) && existsSync(stamp) && readFileSync(stamp, "utf8") === digest) return python;
  const systemPython = ["python3", "python"].find(
    (candidate) => output(candidate, ["--version"]) !== undefined,
  );
  if (!systemPython)
    throw new Error("Python 3.10+ is needed for the reference packages (mlflow, prov, codecarbon)");
  const pinned = readFileSync(requirementsPath, "utf8")
    .split("\n")
    .filter((line) => /^[A-Za-z0-9]/.test(line)).length;
  console.log(
    `\nPython venv ${venv}: installing ${pinned} pinned packages and their dependencies with uv (pip if uv cannot be had; pip takes a few minutes)`,
  );
  if (!existsSync(python)) run(systemPython, ["-m", "venv", venv]);
  const pipInstall = [
    "-m",
    "pip",
    "install",
    "--disable-pip-version-check",
    "--progress-bar",
    "off",
    "--no-color",
  ];
  try {
    // uv (a binary in a PyPI wheel) resolves and installs in parallel: seconds instead of minutes.
    run(python, [...pipInstall, "--quiet", `uv==${UV_VERSION}`]);
    run(python, ["-m", "uv", "pip", "install", "--python", python, "-r", requirementsPath]);
  } catch (error) {
    console.log(`uv failed (${error instanceof Error ? error.message : error}); installing with pip instead`);
    run(python, [...pipInstall, "-r", requirementsPath]);
  }
  writeFileSync(stamp, digest);
  return python;
}
