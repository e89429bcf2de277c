// Benchmark (not a test): metric points per second delivered into one local MLflow server, in one
// run each: prov4ml's backend (built dist/), the Python client's log_batch loop and its log_metric
// loop, on the same 100,000 points. The log_metric loop is sampled on LOG_METRIC_SAMPLE points and
// extrapolated (one HTTP request per point makes the full 100,000 take many minutes).
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startMlflowServer } from "../../../scripts/lib/mlflow-server.mjs";
import { MlflowClient, mlflowBackend } from "../dist/index.mjs";

const POINTS = Number(process.env.BENCH_POINTS ?? 100_000);
const LOG_METRIC_SAMPLE = Number(process.env.BENCH_LOG_METRIC_SAMPLE ?? 2_000);
const CHUNK = 1000; // what the core hands over per series and flush, roughly
const repoRoot = resolve(fileURLToPath(import.meta.url), "../../../..");
const python = process.env.PROV4ML_PYTHON ?? join(repoRoot, ".venv", "bin", "python");
const T0 = 1_700_000_000_000;

const workDir = mkdtempSync(join(tmpdir(), "prov4ml-mlflow-bench-"));
const server = await startMlflowServer({ python, workDir });
const silent = { debug() {}, info() {}, warn: console.warn, error: console.error };

async function ours() {
  const runDir = mkdtempSync(join(workDir, "run-"));
  const run = {
    runId: randomUUID(),
    runName: "bench_GR0_0",
    runNumber: 0,
    experimentName: "bench-ts",
    rank: 0,
    worldSize: 1,
    runDir,
    startTime: Date.now(),
    userNamespace: "http://example.org/",
    user: "bench",
    description: undefined,
    tags: {},
    logger: silent,
  };
  const session = await mlflowBackend({
    trackingUri: server.uri,
    ...(process.env.BENCH_CONCURRENCY ? { concurrency: Number(process.env.BENCH_CONCURRENCY) } : {}),
  }).openRun(run);
  await session.ready();
  const steps = new Float64Array(CHUNK);
  const values = new Float64Array(CHUNK);
  const timestamps = new Float64Array(CHUNK);
  const started = performance.now();
  for (let offset = 0; offset < POINTS; offset += CHUNK) {
    for (let i = 0; i < CHUNK; i++) {
      steps[i] = offset + i;
      values[i] = Math.sin(offset + i);
      timestamps[i] = T0 + offset + i;
    }
    await session.write({
      events: [],
      metrics: [
        {
          name: "loss",
          context: "training",
          source: "prov4ml",
          offset,
          length: CHUNK,
          steps,
          values,
          timestamps,
        },
      ],
    });
  }
  await session.forceFlush();
  const seconds = (performance.now() - started) / 1000;
  const result = await session.close({
    status: "FINISHED",
    endTime: Date.now(),
    timeoutMs: 600_000,
    files: [],
  });
  const landed = await new MlflowClient({ trackingUri: server.uri }).getMetricHistory(
    String(result.info.mlflow_run_id),
    "training/loss",
  );
  if (landed.length !== POINTS) throw new Error(`ours: ${landed.length} of ${POINTS} points landed`);
  return seconds;
}

function pythonLoop(mode, points) {
  const code = `
import sys, time
from mlflow.tracking import MlflowClient
from mlflow.entities import Metric
uri, mode, n, t0 = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
import math
c = MlflowClient(uri)
exp = c.create_experiment("bench-py-" + mode + "-" + str(time.time_ns()))
run = c.create_run(exp).info.run_id
start = time.perf_counter()
if mode == "log_batch":
    for offset in range(0, n, 1000):
        c.log_batch(run, metrics=[Metric("training/loss", math.sin(i), t0 + i, i) for i in range(offset, min(n, offset + 1000))])
else:
    for i in range(n):
        c.log_metric(run, "training/loss", math.sin(i), timestamp=t0 + i, step=i)
elapsed = time.perf_counter() - start
assert len(c.get_metric_history(run, "training/loss")) == n
print(elapsed)
`;
  const result = spawnSync(python, ["-c", code, server.uri, mode, String(points), String(T0)], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return Number(result.stdout.trim().split("\n").pop());
}

try {
  // A fresh server is slower on its first requests: warm it up, then alternate the contenders.
  pythonLoop("log_batch", 5000);
  const batchSeconds = pythonLoop("log_batch", POINTS);
  const oursSeconds = await ours();
  const metricSeconds = (pythonLoop("log_metric", LOG_METRIC_SAMPLE) * POINTS) / LOG_METRIC_SAMPLE;
  const rate = (seconds) => Math.round(POINTS / seconds);
  console.log(
    `MLflow ${await new MlflowClient({ trackingUri: server.uri }).version()}, ${POINTS} points into one run each`,
  );
  console.log(
    `  prov4ml backend            ${rate(oursSeconds).toLocaleString("en")} points/s (${oursSeconds.toFixed(2)} s)`,
  );
  console.log(
    `  python log_batch loop      ${rate(batchSeconds).toLocaleString("en")} points/s (${batchSeconds.toFixed(2)} s)`,
  );
  console.log(
    `  python log_metric loop     ${rate(metricSeconds).toLocaleString("en")} points/s (extrapolated from ${LOG_METRIC_SAMPLE} points)`,
  );
  console.log(`  ratio vs log_batch: ${(batchSeconds / oursSeconds).toFixed(2)}x (target >= 1.0x)`);
  console.log(`  ratio vs log_metric: ${(metricSeconds / oursSeconds).toFixed(1)}x (target >= 50x)`);
} finally {
  await server.stop();
  rmSync(workDir, { recursive: true, force: true });
}
