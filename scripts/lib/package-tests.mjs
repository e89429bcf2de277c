/**
 * Runs every workspace package's `test` script, two at a time, longest first — the order turbo
 * picks put the three longest suites (backend-mlflow, the fault suite, the CLI: about 9 of the
 * 13 minutes of test time) late, so one core idled at the end while the other finished them.
 * Each output line is prefixed with the package's name, as turbo does; a failing package does not
 * stop the others. The packages must be built (`npm test` builds them first).
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Longest first, as measured in CI (seconds per suite on 2 cores); any other package follows. */
const LONGEST_FIRST = [
  "@prov4ml/backend-mlflow", // 210
  "@prov4ml/fault-suite", // 191
  "@prov4ml/cli", // 145
  "@prov4ml/collector-carbon", // 55
  "@prov4ml/explorer", // 35
  "@prov4ml/exporter-dot", // 32
  "prov4ml", // 24
  "@prov4ml/exporter-prov", // 18
];

/** The workspace packages under `packages/` and `apps/` that have a `test` script, longest first. */
export function testablePackages(repoRoot) {
  const found = [];
  for (const group of ["packages", "apps"]) {
    for (const dir of readdirSync(join(repoRoot, group))) {
      const manifest = join(repoRoot, group, dir, "package.json");
      if (!existsSync(manifest)) continue;
      const { name, scripts } = JSON.parse(readFileSync(manifest, "utf8"));
      if (scripts?.test) found.push({ name, dir: join(repoRoot, group, dir) });
    }
  }
  const rank = (name) => {
    const index = LONGEST_FIRST.indexOf(name);
    return index === -1 ? LONGEST_FIRST.length : index;
  };
  return found.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/** Writes `chunk` line by line with `prefix`, keeping a partial last line for the next chunk. */
function prefixedWriter(prefix, out) {
  let pending = "";
  return {
    write(chunk) {
      const lines = (pending + chunk).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) out.write(`${prefix}${line}\n`);
    },
    end() {
      if (pending) out.write(`${prefix}${pending}\n`);
    },
  };
}

function runOne(pnpmCommand, pkg, args, env) {
  const [command, ...prefix] = Array.isArray(pnpmCommand) ? pnpmCommand : [pnpmCommand];
  return new Promise((resolve) => {
    const child = spawn(command, [...prefix, "run", "test", ...args], {
      cwd: pkg.dir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout = prefixedWriter(`${pkg.name}:test: `, process.stdout);
    const stderr = prefixedWriter(`${pkg.name}:test: `, process.stderr);
    child.stdout.on("data", (chunk) => stdout.write(chunk));
    child.stderr.on("data", (chunk) => stderr.write(chunk));
    child.on("error", () => resolve(1));
    child.on("close", (code) => {
      stdout.end();
      stderr.end();
      resolve(code ?? 1);
    });
  });
}

/**
 * Runs the packages' tests `concurrency` at a time; resolves with the names of those that failed.
 * @param {string | string[]} pnpmCommand
 * @param {{ name: string, dir: string }[]} packages
 * @param {string[]} args passed to each `test` script (after `--`)
 */
export async function runPackageTests(pnpmCommand, packages, args, { env, concurrency = 2 }) {
  const queue = [...packages];
  const failed = [];
  const worker = async () => {
    for (let pkg = queue.shift(); pkg; pkg = queue.shift()) {
      const started = Date.now();
      const code = await runOne(pnpmCommand, pkg, args, env);
      const seconds = Math.round((Date.now() - started) / 1000);
      console.log(`${pkg.name}:test: ${code === 0 ? "passed" : `FAILED (exit ${code})`} in ${seconds} s`);
      if (code !== 0) failed.push(pkg.name);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failed;
}
