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
import { showRun } from "./lib/cli.ts";
import { recordFigures } from "./lib/figures.ts";
import { readBackWithProv } from "./lib/python-prov.ts";
import { checkRecovery, csvFileOf, ledgerPathIn } from "./lib/recovery.ts";
import { readLedger } from "./lib/run-files.ts";
import { trainingScript } from "./lib/training-script.ts";

const FLUSH_MS = 200;
/**
 * A point logged just over one flush interval before the kill may still be on its way: the flush
 * timer fires a few ms late on a loaded machine, and the worker thread then writes the batch.
 * Points older than FLUSH_MS + SLACK_MS are owed; the slack is printed with the figures.
 */
const SLACK_MS = 50;
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
      // The second series starts before the first flush, whose checkpoint lists it.
      const secondSeriesAt = Math.floor(Math.random() * 150);
      const trial = await killTraining("SIGKILL", delay, secondSeriesAt);
      expect(trial.exit.signal).toBe("SIGKILL");

      const cutoff = trial.killAt - FLUSH_MS - SLACK_MS;
      const ledger = readLedger(ledgerPathIn(trial.dir));
      const recovery = checkRecovery(trial.runDir, ledger, cutoff);
      const strict = checkRecovery(trial.runDir, ledger, trial.killAt - FLUSH_MS);
      if (strict.recovered < strict.required) {
        console.log(
          `trial ${index + 1}: ${strict.required - strict.recovered} points logged ${FLUSH_MS}-${FLUSH_MS + SLACK_MS} ms before the kill were not yet written (within the slack)`,
        );
      }

      // Readable, and shown as not closed.
      const shown = showRun(trial.runDir);
      expect(shown.status).toBe("RUNNING");
      expect(shown.closed).toBe(false);
      const view = await loadRun(trial.runDir);
      expect(view.status).toBe("RUNNING");

      // ...and reachable through the run's document: each series with points owed is listed, and
      // loading it yields every owed point. Counted as recovered only when both hold.
      let recoveredThroughView = 0;
      for (const series of ["loss", "acc"] as const) {
        const owed = ledger.filter((entry) => entry.series === series && entry.at <= cutoff);
        if (owed.length === 0) continue;
        const listed = view.metrics.find((metric) => metric.name === series);
        if (!listed || !shown.metrics.some((metric) => metric.name === series)) continue;
        const loaded = new Set((await listed.load()).steps);
        recoveredThroughView += owed.filter((entry) => loaded.has(entry.step)).length;
      }
      recordFigures("1 killed (SIGKILL)", {
        trials: 1,
        pointsLogged: recovery.required,
        pointsRecovered: Math.min(recovery.recovered, recoveredThroughView),
      });
      // Every point owed is in the run directory's files, with its value, once...
      expect(recovery.problems).toEqual([]);
      expect(recovery.missingParams).toEqual([]);
      expect(recovery.recovered).toBe(recovery.required);
      // ...and loadRun / prov4ml show reach it.
      expect(recoveredThroughView).toBe(recovery.required);
      const lrLoggedAt = ledger.find((entry) => entry.series === "param")!.at;
      if (lrLoggedAt <= cutoff) expect(shown.params.lr).toBe(0.01);
    });
  }
});

describe("a training killed long after its last checkpoint", () => {
  // The provisional document is rewritten at most every checkpointIntervalMs (default 5 s) and only
  // when events arrived; a series or param that appears after it exists only in the CSV files and
  // the events journal. What `prov4ml show` recovers must still include it.
  // Was a bug (fixed: loadRun folds in the CSVs and the journal of a RUNNING run): loadRun / `prov4ml show` read only the provisional document, which lacks them.
  it("lists a metric series and a param first logged after the last checkpoint", async () => {
    // ~2500 points/s: "acc" and the param mark_1500 appear ~0.6 s in, after the checkpoint of the
    // first flush (0.2 s); the kill comes ~1 s later, five flush intervals on.
    const trial = await killTraining("SIGKILL", 1600, 1500);
    const ledger = readLedger(ledgerPathIn(trial.dir));
    const cutoff = trial.killAt - FLUSH_MS;
    expect(ledger.some((entry) => entry.series === "acc" && entry.at <= cutoff)).toBe(true);
    expect(checkRecovery(trial.runDir, ledger, cutoff).recovered).toBeGreaterThan(0);

    const shown = showRun(trial.runDir);
    expect(shown.closed).toBe(false);
    expect(shown.metrics.map((metric) => metric.name)).toContain("acc");
    expect(shown.params).toHaveProperty("mark_1500");
  });
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
