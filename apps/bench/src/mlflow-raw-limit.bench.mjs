/**
 * `pnpm --filter @prov4ml/bench bench:mlflow [--tracking-uri URI] [--points N] [--rounds R]` — the
 * MLflow server's own limit and prov4ml's delivery as a share of it (issue 15, part 7), in one run:
 *  - raw: a plain `runs/log-batch` sender, bodies serialised beforehand, 1,000 metrics per
 *    request, 1, 2, 4 and 8 requests in flight (the server's capacity: the best of them);
 *  - prov4ml: `logMetric` in a run whose only backend is the MLflow backend, from the first call
 *    until `endRun` has every point acknowledged;
 *  - python: the Python client's `MlflowClient.log_batch` loop, 1,000 metrics per call.
 * Each sends N points (default 40,000) into a fresh run; the kinds are interleaved over R rounds
 * (order rotated), and medians are printed as points/s and as percentages of the raw limit.
 * Without `--tracking-uri` it starts a SQLite `mlflow server` (scripts/lib/mlflow-server.mjs).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { mlflowBackend } from "@prov4ml/backend-mlflow";
import * as core from "@prov4ml/core";
// @ts-expect-error plain ESM helper without type declarations
import { startMlflowServer } from "../../../scripts/lib/mlflow-server.mjs";

const { values } = parseArgs({
  options: {
    "tracking-uri": { type: "string" },
    points: { type: "string", default: "40000" },
    rounds: { type: "string", default: "3" },
  },
});
const POINTS = Number(values.points);
const ROUNDS = Number(values.rounds);
const PER_REQUEST = 1000;
const IN_FLIGHT = [1, 2, 4, 8];
const python = process.env.PROV4ML_PYTHON ?? join(import.meta.dirname, "../../../.venv/bin/python");

let uri = values["tracking-uri"];
let server;
const workDir = mkdtempSync(join(tmpdir(), "prov4ml-bench-mlflow-"));
if (!uri) {
  server = await startMlflowServer({ python, workDir });
  uri = server.uri;
}
const api = (path) => `${uri}/api/2.0/mlflow/${path}`;
let reconnects = 0;
/**
 * POST with a retry when the server closed a kept-alive connection under us ("other side closed"):
 * every request here is idempotent (MLflow ignores identical metric rows). Counted and printed.
 */
async function post(path, body) {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(api(path), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
      return text;
    } catch (error) {
      if (!(error instanceof TypeError) || attempt >= 3) throw error;
      reconnects++;
    }
  }
}
const postJson = async (path, body) => JSON.parse(await post(path, JSON.stringify(body)));

const experimentName = `bench_raw_limit_${Date.now()}`;
const { experiment_id: experimentId } = await postJson("experiments/create", { name: experimentName });
const newRun = async () => (await postJson("runs/create", { experiment_id: experimentId })).run.info.run_id;

/** The plain sender: pre-serialised bodies, `inFlight` requests at a time on keep-alive connections. */
async function raw(inFlight) {
  const runId = await newRun();
  const t0 = Date.now();
  const bodies = [];
  for (let start = 0; start < POINTS; start += PER_REQUEST) {
    const metrics = [];
    for (let i = start; i < Math.min(POINTS, start + PER_REQUEST); i++)
      metrics.push({ key: "training/loss", value: i * 0.5, timestamp: t0 + i, step: i });
    bodies.push(JSON.stringify({ run_id: runId, metrics }));
  }
  const began = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      await post("runs/log-batch", bodies[next++]);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return POINTS / ((performance.now() - began) / 1000);
}

/** prov4ml: a run with only the MLflow backend; timed from the first logMetric to endRun. */
async function prov4ml() {
  const dir = mkdtempSync(join(workDir, "run-"));
  const instance = core.createProv4ml({
    plugins: [mlflowBackend({ trackingUri: uri, experimentName })],
    logger: core.silentLogger,
  });
  const run = await instance.startRun({
    experimentName: "bench",
    provenanceSaveDir: dir,
    logSourceCode: false,
    closeOnExit: false,
  });
  const began = performance.now();
  for (let i = 0; i < POINTS; i++) {
    run.logMetric("loss", i * 0.5, "training", i);
    if ((i & 0x3ff) === 0x3ff) await new Promise((resolve) => setImmediate(resolve));
  }
  const result = await run.endRun();
  const seconds = (performance.now() - began) / 1000;
  if ((result.warnings ?? []).length > 0)
    throw new Error(`prov4ml run warned: ${result.warnings.join("; ")}`);
  return POINTS / seconds;
}

const PYTHON_LOOP = `
import sys, time
from mlflow import MlflowClient
from mlflow.entities import Metric
uri, experiment_id, points, per = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
client = MlflowClient(uri)
run_id = client.create_run(experiment_id).info.run_id
t0 = int(time.time() * 1000)
batches = [[Metric("training/loss", i * 0.5, t0 + i, i) for i in range(s, min(points, s + per))] for s in range(0, points, per)]
began = time.perf_counter()
for batch in batches:
    client.log_batch(run_id, metrics=batch, synchronous=True)
print(points / (time.perf_counter() - began))
`;

/** The Python client's log_batch loop (timed inside Python: its start-up is not counted). */
function pythonClient() {
  const result = spawnSync(
    python,
    ["-c", PYTHON_LOOP, uri, experimentId, String(POINTS), String(PER_REQUEST)],
    {
      encoding: "utf8",
      env: { ...process.env, MLFLOW_TRACKING_URI: uri },
    },
  );
  if (result.status !== 0) throw new Error(`python client: ${result.stderr}`);
  return Number(result.stdout.trim().split("\n").pop());
}

const kinds = [
  ...IN_FLIGHT.map((n) => ({ name: `raw, ${n} in flight`, run: () => raw(n) })),
  { name: "prov4ml (MLflow backend)", run: prov4ml },
  { name: "python log_batch loop", run: async () => pythonClient() },
];
const results = new Map(kinds.map((kind) => [kind.name, []]));
console.log(`MLflow raw limit: ${POINTS} points per measurement, ${ROUNDS} rounds, server ${uri}`);
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < kinds.length; k++) {
    const kind = kinds[(k + round) % kinds.length];
    results.get(kind.name).push(await kind.run());
  }
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const limit = Math.max(...IN_FLIGHT.map((n) => median(results.get(`raw, ${n} in flight`))));
console.log("| sender | points/s (median) | min–max | % of raw limit |\n|---|---|---|---|");
for (const kind of kinds) {
  const list = results.get(kind.name);
  const row = [
    kind.name,
    median(list).toFixed(0),
    `${Math.min(...list).toFixed(0)}–${Math.max(...list).toFixed(0)}`,
    `${((100 * median(list)) / limit).toFixed(1)} %`,
  ];
  console.log(`| ${row.join(" | ")} |`);
}
if (reconnects > 0)
  console.log(`(the raw sender re-sent ${reconnects} requests the server closed the connection on)`);
await server?.stop();
rmSync(workDir, { recursive: true, force: true });
