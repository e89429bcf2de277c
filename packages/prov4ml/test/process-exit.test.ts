/**
 * How a run closes when its process ends: normally, by SIGINT/SIGTERM, by an uncaught exception,
 * and by SIGKILL. Spawns real Node processes that use the built package (`dist/`).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadRun } from "@prov4ml/exporter-prov";
import { describe, expect, it, vi } from "vitest";

const DIST = pathToFileURL(resolve(__dirname, "../dist/index.mjs")).href;

interface Child {
  runDir: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

/** Runs `body` in a child that started a run; the child prints the run directory when ready. */
function child(body: string): Child {
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-exit-"));
  const script = `
    import * as prov4ml from ${JSON.stringify(DIST)};
    const run = await prov4ml.startRun({ experimentName: "exit", provenanceSaveDir: ${JSON.stringify(dir)}, flushIntervalMs: 100 });
    prov4ml.logParam("lr", 0.1);
    ${body}
  `;
  const proc = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  proc.stderr.on("data", (data) => {
    stderr += data;
  });
  const runDir = new Promise<string>((resolvePromise, reject) => {
    let stdout = "";
    proc.stdout.on("data", (data) => {
      stdout += data;
      const match = /RUNDIR (.+)\n/.exec(stdout);
      if (match) resolvePromise(match[1]!);
    });
    proc.on("exit", () => reject(new Error(`child exited before it was ready: ${stderr}`)));
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolvePromise) => {
      proc.on("exit", (code, signal) => resolvePromise({ code, signal, stderr }));
    },
  );
  return { runDir, exit, kill: (signal) => proc.kill(signal) };
}

/** Data rows in the metric CSV files of `metric` (any context) written so far. */
function rowsOnDisk(runDir: string, metric: string): number {
  const metricsDir = join(runDir, "metrics_GR0");
  if (!existsSync(metricsDir)) return 0;
  let rows = 0;
  for (const name of readdirSync(metricsDir)) {
    if (!name.startsWith(`${metric}_`) || !name.endsWith(".csv")) continue;
    const lines = readFileSync(join(metricsDir, name), "utf8").split("\n");
    rows += lines.slice(1, -1).length; // complete lines after the header; the last piece may be partial
  }
  return rows;
}

const LOOP = `
  let step = 0;
  setInterval(() => {
    prov4ml.logMetric("loss", step, prov4ml.Context.TRAINING, { step: step++ });
    if (step === 60) console.log("RUNDIR " + run.runDir); // ready once 60 points are logged
  }, 5);
`;

describe("closing a run when the process ends", () => {
  it("finishes the run when the process simply ends", async () => {
    const proc = child(`prov4ml.logMetric("loss", 1); console.log("RUNDIR " + run.runDir);`);
    const runDir = await proc.runDir;
    expect((await proc.exit).code).toBe(0);
    const view = await loadRun(runDir);
    expect(view.status).toBe("FINISHED");
    expect(view.params.lr).toBe(0.1);
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`marks the run KILLED on ${signal} and leaves a complete document`, async () => {
      const proc = child(LOOP);
      const runDir = await proc.runDir;
      proc.kill(signal);
      const exit = await proc.exit;
      expect(exit.signal).toBe(signal);
      const view = await loadRun(runDir);
      expect(view.status).toBe("KILLED");
      const loss = view.metrics.find((metric) => metric.name === "loss")!;
      const points = await loss.load();
      expect(points.values.length).toBe(loss.count);
      expect(loss.count).toBeGreaterThan(10);
    });
  }

  it("marks the run FAILED on an uncaught exception and still exits with code 1", async () => {
    const proc = child(
      `console.log("RUNDIR " + run.runDir); setImmediate(() => { throw new Error("boom in training"); });`,
    );
    const runDir = await proc.runDir;
    const exit = await proc.exit;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain("boom in training");
    expect((await loadRun(runDir)).status).toBe("FAILED");
  });

  it("after SIGKILL leaves a readable run, not closed, with the points logged before the last flush", async () => {
    const proc = child(LOOP);
    const runDir = await proc.runDir;
    // kill without warning once a flush (every 100 ms) has put more than 40 points on disk
    await vi.waitUntil(() => rowsOnDisk(runDir, "loss") > 40, { timeout: 120_000, interval: 20 });
    proc.kill("SIGKILL");
    await proc.exit;
    const view = await loadRun(runDir);
    expect(view.status).toBe("RUNNING"); // the provisional document: "not closed"
    expect(view.params.lr).toBe(0.1);
    const loss = view.metrics.find((metric) => metric.name === "loss");
    expect(loss).toBeDefined();
    const points = await loss!.load();
    // what was on disk before the kill survives
    expect(points.values.length).toBeGreaterThan(40);
    expect(Array.from(points.values)).toEqual(
      Array.from({ length: points.values.length }, (_, index) => index),
    );
  });
});
