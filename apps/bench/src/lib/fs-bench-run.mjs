/**
 * What the end-to-end benches share: a run with the fs backend in a scratch directory, the
 * figures of one timed stretch (training thread, CPU over all threads, end to end with `endRun`),
 * and their medians and spreads over interleaved rounds.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fsBackend } from "@prov4ml/backend-fs";

/**
 * Starts a run of `core` (a `@prov4ml/core` module: the workspace's or a bundled baseline) with
 * `plugins` (the fs backend by default) in a scratch directory.
 */
export async function startFsBenchRun(core, prefix, plugins = [fsBackend()]) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const instance = core.createProv4ml({ plugins, logger: core.silentLogger });
  const run = await instance.startRun({
    experimentName: "bench",
    provenanceSaveDir: dir,
    logSourceCode: false,
    closeOnExit: false,
  });
  return { run, dir };
}

/**
 * Times `loop` (the caller's own inline logging loop of `calls` calls: no callback per call) and
 * then `endRun`; removes the directory. Per call: training-thread ns, CPU ns over all threads
 * (main + fs worker, from `process.cpuUsage()`), and end-to-end ns including `endRun`.
 */
export async function timeLoggingAndEnd({ run, dir }, calls, loop) {
  globalThis.gc?.();
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  await loop();
  const loggingNs = Number(process.hrtime.bigint() - start);
  await run.endRun();
  const totalNs = Number(process.hrtime.bigint() - start);
  const cpu = process.cpuUsage(cpuBefore);
  rmSync(dir, { recursive: true, force: true });
  return {
    threadNs: loggingNs / calls,
    cpuNs: ((cpu.user + cpu.system) * 1000) / calls,
    endToEndNs: totalNs / calls,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const spread = (values) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;

/**
 * Medians of `timeLoggingAndEnd` results over rounds, and their table cells
 * (`median (min–max)` for thread, CPU and end to end), the first padded to `firstWidth`.
 */
export function summarize(label, rows, firstWidth) {
  const pick = (key) => rows.map((row) => row[key]);
  const medians = {
    thread: median(pick("threadNs")),
    cpu: median(pick("cpuNs")),
    e2e: median(pick("endToEndNs")),
  };
  const line =
    `  ${label} | ${medians.thread.toFixed(1).padStart(7)} (${spread(pick("threadNs"))})`.padEnd(firstWidth) +
    ` | ${medians.cpu.toFixed(1).padStart(7)} (${spread(pick("cpuNs"))})`.padEnd(26) +
    ` | ${medians.e2e.toFixed(1).padStart(7)} (${spread(pick("endToEndNs"))})`;
  return { medians, line };
}
