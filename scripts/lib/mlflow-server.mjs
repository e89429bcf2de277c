/**
 * Starts a real MLflow tracking server for tests and benchmarks: SQLite backend store and a proxied
 * artifacts destination inside `workDir`, on a free 127.0.0.1 port, logs captured to
 * `<workDir>/mlflow-server.log`. `stop()` kills the whole process group (mlflow spawns workers).
 *
 * Run directly (`node scripts/lib/mlflow-server.mjs [workDir]`) to start one with the repo's venv
 * and print its URI; Ctrl-C stops it.
 */
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HEALTH_POLL_MS = 200;
// Generous: on a loaded 2-core machine mlflow's imports alone took over two minutes (6 s idle);
// a server that exits is reported at once, whatever this limit.
const HEALTH_TIMEOUT_MS = 600_000;

/** A port the OS reports free right now on 127.0.0.1. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** SIGKILLs every process whose environment carries the mark (Linux /proc; elsewhere a no-op). */
function killMarked(mark) {
  let pids;
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return;
  }
  const needle = `PROV4ML_MLFLOW_SERVER_MARK=${mark}\0`;
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, "latin1").includes(needle))
        process.kill(Number(pid), "SIGKILL");
    } catch {}
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function isHealthy(uri) {
  try {
    const response = await fetch(`${uri}/health`, { signal: AbortSignal.timeout(2000) });
    await response.text();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * `storeArgs` replaces the default SQLite store and local artifacts destination (production-mlflow.mjs
 * passes PostgreSQL and S3 there).
 * @param {{ python: string, workDir: string, port?: number, storeArgs?: string[], extraArgs?: string[], env?: Record<string,string> }} options
 * @returns {Promise<{ uri: string, port: number, workDir: string, logFile: string, stop: () => Promise<void>, restart: () => Promise<void> }>}
 */
export async function startMlflowServer({ python, workDir, port, storeArgs, extraArgs = [], env = {} }) {
  mkdirSync(workDir, { recursive: true });
  const chosenPort = port ?? (await freePort());
  const uri = `http://127.0.0.1:${chosenPort}`;
  const logFile = join(workDir, "mlflow-server.log");
  const args = [
    "-m",
    "mlflow",
    "server",
    "--host",
    "127.0.0.1",
    "--port",
    String(chosenPort),
    ...(storeArgs ?? [
      "--backend-store-uri",
      `sqlite:///${resolve(workDir, "mlflow.db")}`,
      "--artifacts-destination",
      resolve(workDir, "artifacts"),
    ]),
    "--workers",
    "1",
    ...extraArgs,
  ];
  const mark = `${process.pid}-${chosenPort}-${Date.now()}`;
  /** @type {import("node:child_process").ChildProcess | undefined} */
  let child;
  let exited = false;
  let exitStatus = "";

  async function launch() {
    const log = openSync(logFile, "a");
    exited = false;
    child = spawn(python, args, {
      cwd: workDir,
      detached: true, // own process group, so stop() reaches uvicorn/gunicorn workers too
      stdio: ["ignore", log, log],
      env: {
        ...process.env,
        PYTHONUNBUFFERED: "1",
        MLFLOW_ENABLE_TELEMETRY: "false",
        // No job runner: it starts eight more Python processes (huey consumers, each importing
        // mlflow) for GenAI features the tests never use — most of a start's CPU on two cores.
        MLFLOW_SERVER_ENABLE_JOB_EXECUTION: "false",
        DO_NOT_TRACK: "1",
        ...env,
        // Marks every process of this server, its job consumers too (they leave the process group).
        PROV4ML_MLFLOW_SERVER_MARK: mark,
      },
    });
    closeSync(log);
    child.on("exit", (code, signal) => {
      exited = true;
      exitStatus = signal ? `killed by ${signal}` : `exited with code ${code}`;
    });
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (exited) break;
      if (await isHealthy(uri)) return;
      await sleep(HEALTH_POLL_MS);
    }
    const why = exited ? `it ${exitStatus}` : `no answer within ${HEALTH_TIMEOUT_MS / 1000} s`;
    await stop();
    const tail = readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
    throw new Error(`mlflow server did not become healthy at ${uri}: ${why} (log ${logFile}):\n${tail}`);
  }

  async function stop() {
    const current = child;
    if (!current || exited || current.pid === undefined) return;
    const gone = new Promise((r) => current.once("exit", r));
    try {
      process.kill(-current.pid, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-(current.pid ?? 0), "SIGKILL");
      } catch {}
    }, 5000);
    await gone;
    clearTimeout(timer);
    killMarked(mark);
    // The port must be free before a restart binds it again.
    for (let i = 0; i < 50 && (await isHealthy(uri)); i++) await sleep(100);
  }

  async function restart() {
    await stop();
    await launch();
  }

  await launch();
  return { uri, port: chosenPort, workDir, logFile, stop, restart };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
  const python = process.env.PROV4ML_PYTHON ?? join(repoRoot, ".venv", "bin", "python");
  const workDir = process.argv[2] ? resolve(process.argv[2]) : mkdtempSync(join(tmpdir(), "prov4ml-mlflow-"));
  const server = await startMlflowServer({ python, workDir });
  console.log(server.uri);
  const shutdown = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
