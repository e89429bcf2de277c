/**
 * `npm test`: the whole suite, everything it needs installed and started by itself —
 * pnpm, the workspace build, the Python venv with the pinned reference packages (mlflow, prov,
 * codecarbon, onnx, moto, psycopg2), Debian's Chromium for the browser tests, one real MLflow server
 * on 127.0.0.1, and MLflow at production shape (PostgreSQL + S3, scripts/lib/production-mlflow.mjs)
 * — then lint, types, package checks and every package's tests.
 * CI (`.ci/run`) calls exactly this. Needs Node 20+, npm and Python 3.10+, and either root (for
 * apt-get: Chromium and PostgreSQL are installed when missing) or Chromium and PostgreSQL installed.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureChromium } from "./lib/chromium.mjs";
import { startMlflowServer } from "./lib/mlflow-server.mjs";
import { runPackageTests, testablePackages } from "./lib/package-tests.mjs";
import { startProductionMlflow } from "./lib/production-mlflow.mjs";
import { isolateTempDir, reportLeftovers } from "./lib/temp-dirs.mjs";
import { ensurePnpm, ensurePythonVenv, installAndBuild, pnpmAsync, REPO_ROOT } from "./lib/toolchain.mjs";

const REPORT = ".vitest-report.json";
let server;
let serverReady;
let productionReady;
let workDir;
let exitCode = 0;
let tally = "";
let temp;

function countResults() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const group of ["packages", "apps"]) {
    const groupDir = join(REPO_ROOT, group);
    for (const name of readdirSync(groupDir)) {
      const reportPath = join(groupDir, name, REPORT);
      if (!existsSync(reportPath)) continue;
      const report = JSON.parse(readFileSync(reportPath, "utf8"));
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    }
  }
  return { passed, failed, skipped };
}

// uv installs the venv without compiled bytecode, and a PYTHONDONTWRITEBYTECODE inherited from the
// shell would then make every Python process of the suite (the MLflow server, each read-back with
// the Python client) compile mlflow from source again: 2.3× the CPU of an import. The venv is the
// repo's own, so its bytecode is cached there on first import.
delete process.env.PYTHONDONTWRITEBYTECODE;

try {
  const pnpmCommand = ensurePnpm();
  const python = ensurePythonVenv();
  installAndBuild(pnpmCommand);

  const chromium = ensureChromium(); // before the temp-dir count: apt's own files are not the tests'

  // The server boots (tens of seconds of Python imports) while lint and types are checked.
  workDir = mkdtempSync(join(tmpdir(), "prov4ml-mlflow-"));
  console.log("\nstarting a real MLflow server for the integration tests (ready before the tests start)…");
  serverReady = startMlflowServer({ python, workDir });
  serverReady.catch(() => {}); // awaited below; a failure is reported there
  productionReady = startProductionMlflow({ python }); // PostgreSQL + S3, also booting while lint runs
  productionReady.catch(() => {});
  await pnpmAsync(pnpmCommand, ["run", "lint"]);
  await pnpmAsync(pnpmCommand, ["exec", "turbo", "run", "typecheck", "lint:package"]);
  server = await serverReady.catch((error) => {
    // On a loaded machine the boot can lose the race against lint and types for the cores; the
    // second start has them to itself.
    console.log(
      `\nthe MLflow server did not come up while lint ran (${error.message.split("\n")[0]}); starting it again…`,
    );
    rmSync(workDir, { recursive: true, force: true });
    workDir = mkdtempSync(join(tmpdir(), "prov4ml-mlflow-"));
    serverReady = startMlflowServer({ python, workDir });
    return serverReady;
  });
  console.log(`\nMLflow server ready at ${server.uri}`);
  const production = await productionReady;

  for (const group of ["packages", "apps"]) {
    for (const name of readdirSync(join(REPO_ROOT, group)))
      rmSync(join(REPO_ROOT, group, name, REPORT), { force: true });
  }
  temp = isolateTempDir(); // from here on, what os.tmpdir() gets is counted at the end
  const env = {
    ...process.env,
    PROV4ML_TEST_MLFLOW_URI: server.uri,
    PROV4ML_TEST_MLFLOW_PRODUCTION: JSON.stringify(production.describe()),
    PROV4ML_PYTHON: python,
    PROV4ML_CHROMIUM: chromium,
  };
  const failedPackages = await runPackageTests(
    pnpmCommand,
    testablePackages(REPO_ROOT),
    ["--reporter=default", "--reporter=json", `--outputFile=${REPORT}`],
    { env },
  );
  if (failedPackages.length > 0) {
    console.log(`\npackages with failures: ${failedPackages.join(", ")}`);
    exitCode = 1;
  }
  const { passed, failed, skipped } = countResults();
  tally = `Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
  if (failed > 0) exitCode ||= 1;
} catch (error) {
  console.error(`\nnpm test failed: ${error.message}`);
  exitCode = error.exitCode ?? 1;
} finally {
  // Also when lint failed while the server was booting: no server is left behind.
  server ??= await serverReady?.catch(() => undefined);
  await server?.stop();
  await (await productionReady?.catch(() => undefined))?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
}
// reported, not yet failing: a few integration tests still leave files (listed in the output)
if (temp) reportLeftovers(temp.leftovers());
// the tally is the last line printed
if (tally) console.log(`\n${tally}`);
process.exit(exitCode);
