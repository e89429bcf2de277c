/**
 * Part 1 — a training killed mid-run. SIGKILL at random points: the run directory stays readable,
 * the run reads as not closed (status RUNNING), and every metric point (and param) logged more
 * than one flush interval before the kill is on disk. SIGINT/SIGTERM: the run closes as KILLED
 * with a complete PROV document that the reference Python `prov` package reads.
 *
 * Spawns real Node processes that import the built facade (`packages/prov4ml/dist`); needs the
 * reference Python venv for the document check.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadRun } from "@prov4ml/exporter-prov";
import { hasReferencePython } from "@prov4ml/vitest-config";
import { afterAll, describe, expect, it } from "vitest";
import { sleep, spawnScript } from "./lib/child.ts";
import { recordFigures } from "./lib/figures.ts";
import { readBackWithProv } from "./lib/python-prov.ts";
import { checkRecovery, csvFileOf, ledgerPathIn } from "./lib/recovery.ts";
import { readLedger } from "./lib/run-files.ts";
import { trainingScript } from "./lib/training-script.ts";

const FLUSH_MS = 200;
const SIGKILL_TRIALS = 12;
const SCRIPT = trainingScript();

interface Trial {
  dir: string;
  runDir: string;
  killAt: number;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  stderr: string;
}

/** Starts the training, waits `delayMs` after the run started, then sends `signal`. */
async function killTraining(signal: NodeJS.Signals, delayMs: number, secondSeriesAt: number): Promise<Trial> {
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-fault-kill-"));
  const child = spawnScript(SCRIPT, {
    args: [join(dir, "prov"), ledgerPathIn(dir), String(FLUSH_MS), String(secondSeriesAt), "5"],
  });
  const runDir = (await child.waitFor(/RUNDIR (.+)\n/))[1]!;
  await sleep(delayMs);
  const killAt = Date.now();
  child.kill(signal);
  const exit = await child.exit;
  return { dir, runDir, killAt, exit, stderr: child.stderr() };
}

const documentsToRead: string[] = [];

describe("a training killed with SIGKILL at random points", () => {
  // Delays spread over the run's life: before the first flush, between flushes, after checkpoints.
  const delays = Array.from({ length: SIGKILL_TRIALS }, (_, index) =>
    Math.round(20 + (index / (SIGKILL_TRIALS - 1)) * 1800 + Math.random() * 100),
  );

  for (const [index, delay] of delays.entries()) {
    it(`trial ${index + 1}: killed ${delay} ms after the start, keeps every point older than one flush`, async () => {
      const secondSeriesAt = Math.floor(Math.random() * 400);
      const trial = await killTraining("SIGKILL", delay, secondSeriesAt);
      expect(trial.exit.signal).toBe("SIGKILL");

      // Readable, and not closed.
      const view = await loadRun(trial.runDir);
      expect(view.status).toBe("RUNNING");
      expect(view.params.lr).toBe(0.01);

      const ledger = readLedger(ledgerPathIn(trial.dir));
      const recovery = checkRecovery(trial.runDir, ledger, trial.killAt - FLUSH_MS);
      recordFigures("1 killed (SIGKILL)", {
        trials: 1,
        pointsLogged: recovery.required,
        pointsRecovered: recovery.recovered,
      });
      expect(recovery.problems).toEqual([]);
      expect(recovery.missingParams).toEqual([]);
      expect(recovery.recovered).toBe(recovery.required);

      // The series the provisional document lists load the same points as the files hold.
      for (const series of view.metrics) {
        const points = await series.load();
        expect(points.values.length).toBeGreaterThanOrEqual(series.count ?? 0);
      }
    });
  }
});

describe("a training stopped with SIGINT or SIGTERM", () => {
  const trials: { signal: NodeJS.Signals; delay: number }[] = [
    { signal: "SIGINT", delay: 150 },
    { signal: "SIGINT", delay: 900 },
    { signal: "SIGTERM", delay: 150 },
    { signal: "SIGTERM", delay: 900 },
  ];
  for (const { signal, delay } of trials) {
    it(`${signal} after ${delay} ms: status KILLED, every point logged before the signal, a complete document`, async () => {
      const trial = await killTraining(signal, delay, 50);
      expect(trial.exit.signal).toBe(signal);
      expect(trial.stderr).not.toMatch(/RunEndedError|Unhandled|TypeError/);

      const view = await loadRun(trial.runDir);
      expect(view.status).toBe("KILLED");
      expect(view.endTime).toBeDefined();

      const ledger = readLedger(ledgerPathIn(trial.dir));
      // Everything logged before the signal was sent is owed, not only what an earlier flush wrote.
      const recovery = checkRecovery(trial.runDir, ledger, trial.killAt);
      recordFigures(`1 killed (${signal})`, {
        trials: 1,
        pointsLogged: recovery.required,
        pointsRecovered: recovery.recovered,
      });
      expect(recovery.problems).toEqual([]);
      expect(recovery.missingParams).toEqual([]);
      expect(recovery.recovered).toBe(recovery.required);

      // Complete: the final document lists each series with the count of points its file holds.
      for (const name of ["loss", "acc"]) {
        const series = view.metrics.find((metric) => metric.name === name);
        expect(series, `${name} is listed`).toBeDefined();
        const points = await series!.load();
        expect(series!.file?.endsWith(csvFileOf(name as "loss" | "acc"))).toBe(true);
        expect(points.values.length).toBe(series!.count);
      }
      documentsToRead.push(join(trial.runDir, `prov_fault_GR0_${view.runName?.split("_").pop()}.json`));
    });
  }

  afterAll(() => {
    if (!hasReferencePython()) return;
    const results = readBackWithProv(documentsToRead);
    expect(results.filter((result) => !result.ok)).toEqual([]);
    for (const result of results) expect(result.metricLabels?.sort()).toEqual(["acc", "loss"]);
  });
});
