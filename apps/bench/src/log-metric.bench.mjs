/**
 * `pnpm bench` — the logging hot path. Prints, in one run:
 *  - ns per `logMetric` call over 1,000,000 calls (10 names × 2 contexts) with the file-system
 *    backend, RSS growth over those calls, and `endRun` time — measured on a second run, after a
 *    first (cold, also printed) has let the JIT compile the hot path;
 *  - a baseline in the same process: the same loop writing into a plain preallocated array;
 *  - the same workload through yProv4ML (Python) when its bench venv exists, run in a scratch
 *    working directory (its end_run writes requirements.txt there), interleaved with prov4ml's
 *    runs in rotated order; for both: training-thread time, CPU over all threads and end to end
 *    (logging + endRun / end_run) per call, medians with min–max, and the ratios.
 * Figures are ratios against baselines from the same command: these machines are noisy.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fsBackend } from "@prov4ml/backend-fs";
import { mlflowBackend } from "@prov4ml/backend-mlflow";
import * as core from "@prov4ml/core";
import { startFsBenchRun } from "./lib/fs-bench-run.mjs";

const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000);
const PY_CALLS = Number(process.env.BENCH_PY_CALLS ?? 100_000);
const MLFLOW_CALLS = Number(process.env.BENCH_MLFLOW_CALLS ?? 100_000);
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../..");
const names = Array.from({ length: 10 }, (_, i) => `metric_${i}`);
const contexts = ["training", "validation"];

function baseline() {
  // What a loop costs that only stores its numbers: the floor any logger adds to.
  const values = new Float64Array(CALLS);
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) values[i] = i + names[i % 10].length + contexts[(i / 10) & 1].length;
  return Number(process.hrtime.bigint() - start) / CALLS;
}

async function prov4mlRun(plugins = [fsBackend()], calls = CALLS) {
  const { run, dir } = await startFsBenchRun(core, "prov4ml-bench-", plugins);
  // warm up the series and the JIT
  for (let i = 0; i < 20_000; i++) run.logMetric(names[i % 10], i, contexts[(i / 10) & 1], i);
  await run.forceFlush();
  globalThis.gc?.();
  const rssBefore = process.memoryUsage.rss();
  const cpuBefore = process.cpuUsage();
  let rssPeak = rssBefore;
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    run.logMetric(names[i % 10], i, contexts[(i / 10) & 1], (i / 20) | 0);
    // Yield to the event loop now and then, as a training loop awaiting its data would, so
    // background flushes run; the yield itself is timed too.
    if ((i & 0xffff) === 0xffff) {
      await new Promise((r) => setImmediate(r));
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    }
  }
  const loggingNs = Number(process.hrtime.bigint() - start);
  rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
  const endStart = process.hrtime.bigint();
  await run.endRun();
  const endNs = process.hrtime.bigint();
  const endRunMs = Number(endNs - endStart) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  rmSync(dir, { recursive: true, force: true });
  return {
    nsPerCall: loggingNs / calls,
    cpuNsPerCall: ((cpu.user + cpu.system) * 1000) / calls,
    endToEndNsPerCall: Number(endNs - start) / calls,
    rssGrowthMb: (rssPeak - rssBefore) / 1e6,
    endRunMs,
  };
}

function yprov4mlRun() {
  const python = join(repoRoot, ".bench-venv", "bin", "python");
  if (!existsSync(python))
    return {
      skipped: "no .bench-venv (python3 -m venv .bench-venv && .bench-venv/bin/pip install yprov4ml==3.2.8)",
    };
  // A scratch working directory: yProv4ML's end_run writes requirements.txt into it.
  const cwd = mkdtempSync(join(tmpdir(), "prov4ml-bench-yprov4ml-"));
  const result = spawnSync(python, [join(here, "yprov4ml_log_metric.py"), String(PY_CALLS)], {
    encoding: "utf8",
    cwd,
  });
  rmSync(cwd, { recursive: true, force: true });
  if (result.status !== 0)
    return { skipped: `yProv4ML failed: ${result.stderr.split("\n").slice(-4).join(" ")}` };
  const line = result.stdout.trim().split("\n").at(-1);
  return JSON.parse(line);
}

/** logMetric with the MLflow backend too, against a real local server (needs the test venv). */
async function withMlflow() {
  const python = join(repoRoot, ".venv", "bin", "python");
  if (!existsSync(python)) return { skipped: "no .venv (npm test creates it)" };
  const { startMlflowServer } = await import(join(repoRoot, "scripts", "lib", "mlflow-server.mjs"));
  const server = await startMlflowServer({
    python,
    workDir: mkdtempSync(join(tmpdir(), "prov4ml-bench-mlflow-")),
  });
  try {
    return await prov4mlRun([fsBackend(), mlflowBackend({ trackingUri: server.uri })], MLFLOW_CALLS);
  } finally {
    await server.stop();
  }
}

const base = baseline();
// A first run of the same workload lets the JIT compile the hot path (Python has no such phase);
// it is reported too, as the cold figure.
const cold = await prov4mlRun();
// Then three rounds, prov4ml and yProv4ML interleaved in rotated order; medians reported (the
// spread shows how noisy the machine is).
const measured = [];
const theirRuns = [];
for (let round = 0; round < 3; round++) {
  if (round % 2 === 1) theirRuns.push(yprov4mlRun());
  measured.push(await prov4mlRun());
  if (round % 2 === 0) theirRuns.push(yprov4mlRun());
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const cell = (values, digits = 1) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
measured.sort((a, b) => a.nsPerCall - b.nsPerCall);
const ours = measured[1];
const theirs = theirRuns.find((run) => "skipped" in run) ?? theirRuns[0];
const mlflow = await withMlflow();
const rows = [
  ["plain Float64Array store (baseline)", `${base.toFixed(1)} ns/call`],
  [`prov4ml logMetric, fs backend (${CALLS.toLocaleString()} calls)`, `${ours.nsPerCall.toFixed(1)} ns/call`],
  ["  ratio to baseline", `${(ours.nsPerCall / base).toFixed(1)}x`],
  [
    "  three runs (min / median / max)",
    `${measured.map((run) => run.nsPerCall.toFixed(1)).join(" / ")} ns/call`,
  ],
  ["  CPU over all threads, median (min–max)", `${cell(measured.map((r) => r.cpuNsPerCall))} ns/call`],
  [
    "  end to end incl. endRun, median (min–max)",
    `${cell(measured.map((r) => r.endToEndNsPerCall))} ns/call`,
  ],
  ["  first (cold) run of the same workload", `${cold.nsPerCall.toFixed(1)} ns/call`],
  ["  RSS growth during the calls", `${ours.rssGrowthMb.toFixed(1)} MB`],
  ["  endRun", `${ours.endRunMs.toFixed(1)} ms`],
];
if ("skipped" in theirs) rows.push(["yProv4ML log_metric", `skipped: ${theirs.skipped}`]);
else {
  const pick = (key) => theirRuns.map((run) => run[key]);
  rows.push([
    `yProv4ML 3.2.8 log_metric (${theirs.calls.toLocaleString()} calls), median (min–max)`,
    `${cell(pick("ns_per_call"), 0)} ns/call`,
  ]);
  rows.push(["  CPU over all threads", `${cell(pick("cpu_ns_per_call"), 0)} ns/call`]);
  rows.push(["  end to end incl. end_run", `${cell(pick("end_to_end_ns_per_call"), 0)} ns/call`]);
  rows.push(["  yProv4ML end_run", `${(median(pick("end_run_s")) * 1000).toFixed(1)} ms`]);
  const ratio = (theirKey, ourKey) =>
    `${(median(pick(theirKey)) / median(measured.map((r) => r[ourKey]))).toFixed(1)}x`;
  rows.push(["prov4ml speed-up, training thread (median / median)", ratio("ns_per_call", "nsPerCall")]);
  rows.push(["prov4ml speed-up, CPU over all threads", ratio("cpu_ns_per_call", "cpuNsPerCall")]);
  rows.push(["prov4ml speed-up, end to end per point", ratio("end_to_end_ns_per_call", "endToEndNsPerCall")]);
}
if ("skipped" in mlflow) rows.push(["prov4ml logMetric, fs + MLflow backends", `skipped: ${mlflow.skipped}`]);
else {
  rows.push([
    `prov4ml logMetric, fs + MLflow backends (${MLFLOW_CALLS.toLocaleString()} calls)`,
    `${mlflow.nsPerCall.toFixed(1)} ns/call`,
  ]);
  rows.push(["  endRun (drains the queue into the server)", `${mlflow.endRunMs.toFixed(0)} ms`]);
}
const width = Math.max(...rows.map(([label]) => label.length));
console.log("\nlogMetric hot path");
for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
