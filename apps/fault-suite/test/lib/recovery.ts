/** Compares a training's ledger with what its run directory holds. */
import { join } from "node:path";
import { metricFilePath } from "@prov4ml/core";
import type { LedgerEntry, StrictCsv } from "./run-files.ts";
import { metricFiles, readJournal } from "./run-files.ts";

/** The two series of the training script and how each step's value is computed. */
export const TRAINING_SERIES = {
  loss: { context: "training", value: (step: number) => step },
  acc: { context: "validation", value: (step: number) => step / 2 },
} as const;

export interface Recovery {
  /** Points the promise covers (logged at or before the cutoff). */
  required: number;
  /** Of those, points found with the right value. */
  recovered: number;
  /** All points found in the files. */
  found: number;
  /** Params logged at or before the cutoff that the journal lacks. */
  missingParams: string[];
  problems: string[];
}

export function csvFileOf(series: keyof typeof TRAINING_SERIES): string {
  return metricFilePath(series, TRAINING_SERIES[series].context, "prov4ml", 0).split("/").pop()!;
}

/** Checks every ledger entry logged at or before `cutoff` (epoch ms) against the run directory. */
export function checkRecovery(runDir: string, ledger: readonly LedgerEntry[], cutoff: number): Recovery {
  const files = metricFiles(runDir);
  const result: Recovery = { required: 0, recovered: 0, found: 0, missingParams: [], problems: [] };
  for (const [name, csv] of files) {
    if (csv.malformed.length > 0)
      result.problems.push(`${name}: malformed rows ${JSON.stringify(csv.malformed)}`);
  }
  for (const series of Object.keys(TRAINING_SERIES) as (keyof typeof TRAINING_SERIES)[]) {
    const csv: StrictCsv | undefined = files.get(csvFileOf(series));
    const byStep = new Map<number, number>();
    for (const row of csv?.rows ?? []) {
      if (byStep.has(row.step)) result.problems.push(`${series}: step ${row.step} appears twice`);
      byStep.set(row.step, row.value);
      if (row.value !== TRAINING_SERIES[series].value(row.step))
        result.problems.push(`${series}: step ${row.step} has value ${row.value}`);
    }
    result.found += byStep.size;
    const logged = ledger.filter((entry) => entry.series === series);
    const highestLogged = logged.reduce((max, entry) => Math.max(max, entry.step), -1);
    // The ledger line follows the logging call, so a kill between them leaves at most one point unlisted.
    for (const step of byStep.keys()) {
      if (step > highestLogged + 1) result.problems.push(`${series}: step ${step} was never logged`);
    }
    for (const entry of logged) {
      if (entry.at > cutoff) continue;
      result.required++;
      if (byStep.get(entry.step) === TRAINING_SERIES[series].value(entry.step)) result.recovered++;
    }
  }
  const journal = readJournal(runDir);
  if (journal.malformed.length > 0)
    result.problems.push(`journal: malformed lines ${JSON.stringify(journal.malformed)}`);
  const params = new Set(journal.events.filter((event) => event.type === "param").map((event) => event.key));
  for (const entry of ledger) {
    if (entry.series !== "param" || entry.at > cutoff) continue;
    const key = entry.step === 0 ? "lr" : `mark_${entry.step}`;
    if (!params.has(key)) result.missingParams.push(key);
  }
  return result;
}

export const ledgerPathIn = (dir: string) => join(dir, "ledger.txt");
