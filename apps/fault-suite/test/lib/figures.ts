/**
 * The suite's figures. Test files run in separate workers, so each adds its counts as one JSON line
 * to a file in the directory the global setup provides; the teardown sums them into one table.
 */
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

export interface Figures {
  /** Fault trials run (kills, outages, full disks, concurrent starts). */
  trials: number;
  /** Metric points the training logged that the promise covers. */
  pointsLogged: number;
  /** Of those, points found afterwards (in files, in loadRun, or in the MLflow server). */
  pointsRecovered: number;
  /** Of those, points not found but reported lost by the run, exactly (a full disk past its backlog bound). */
  pointsCountedLost: number;
  /** Hostile inputs passed to the public API. */
  badInputs: number;
  /** Files (and log streams) searched for secrets. */
  filesChecked: number;
  /** Secrets found in them. */
  leaks: number;
}

export const FIGURE_KEYS: readonly (keyof Figures)[] = [
  "trials",
  "pointsLogged",
  "pointsRecovered",
  "pointsCountedLost",
  "badInputs",
  "filesChecked",
  "leaks",
];

export const FIGURES_FILE = "figures.jsonl";

/** Adds counts under `part` (a row of the final table). */
export function recordFigures(part: string, counts: Partial<Figures>): void {
  const dir = inject("figuresDir");
  appendFileSync(join(dir, FIGURES_FILE), `${JSON.stringify({ part, ...counts })}\n`);
}

declare module "vitest" {
  export interface ProvidedContext {
    figuresDir: string;
    builtRoot: string;
    mlflowUri: string;
  }
}
