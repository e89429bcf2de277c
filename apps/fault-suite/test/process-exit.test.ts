/**
 * Defect 8 (issue 12): `process.exit()` without `endRun`. A real child process logs points (some
 * already flushed, some in flight to the append worker, some still in memory) and a param, then
 * calls `process.exit(code)`. The run must be closed by the `exit` event with synchronous I/O:
 * every point logged on disk exactly once, and a final document with FINISHED (code 0) or
 * FAILED (any other code). Imports the built facade; needs no server.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { childEnv, spawnScript } from "./lib/child.ts";
import { showRun } from "./lib/cli.ts";
import { recordFigures } from "./lib/figures.ts";
import { facadeDist, importUrl } from "./lib/paths.ts";
import { metricFiles } from "./lib/run-files.ts";

const POINTS_PER_SERIES = 3_000;

const EXITING_TRAINING = `
import * as prov4ml from ${importUrl(facadeDist())};
const [saveDir, exitCode] = process.argv.slice(2);
const run = await prov4ml.startRun({ experimentName: "exit", provenanceSaveDir: saveDir, logSourceCode: false,
  flushIntervalMs: 50, plugins: prov4ml.defaultPlugins({ mlflow: false }) });
console.log("RUNDIR " + run.runDir);
prov4ml.logParam("lr", 0.01);
for (let step = 0; step < ${POINTS_PER_SERIES}; step++) {
  prov4ml.logMetric("loss", 1 / (step + 1), prov4ml.Context.TRAINING, step);
  prov4ml.logMetric("acc", step / ${POINTS_PER_SERIES}, prov4ml.Context.VALIDATION, step);
  // Yield now and then so that some batches are written, some in flight, the last ones in memory.
  if (step % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 60));
}
process.exit(Number(exitCode));
`;

async function exitTraining(exitCode: number) {
  const saveDir = mkdtempSync(join(tmpdir(), "prov4ml-fault-exit-"));
  const child = spawnScript(EXITING_TRAINING, { args: [saveDir, String(exitCode)], env: childEnv() });
  const runDir = (await child.waitFor(/RUNDIR (.+)\n/))[1]!;
  const exit = await child.exit;
  return { runDir, exit, stderr: child.stderr() };
}

describe("defect 8: process.exit() without endRun", () => {
  // Was a bug (core exit-hooks.ts): only beforeExit, signals and uncaught exceptions closed the
  // run; process.exit(0) left it RUNNING with the last points (those still in memory) lost.
  for (const [exitCode, status] of [
    [0, "FINISHED"],
    [2, "FAILED"],
  ] as const) {
    it(`exit(${exitCode}): every point on disk once, the document closed as ${status}`, async () => {
      const { runDir, exit, stderr } = await exitTraining(exitCode);
      expect(exit.code, stderr).toBe(exitCode);
      const files = metricFiles(runDir);
      expect([...files.keys()].sort()).toHaveLength(2);
      let recovered = 0;
      for (const [name, csv] of files) {
        expect(csv.malformed, name).toEqual([]);
        expect(csv.cutShort, name).toBe(false);
        expect(
          csv.rows.map((row) => row.step),
          name,
        ).toEqual(Array.from({ length: POINTS_PER_SERIES }, (_, step) => step));
        recovered += csv.rows.length;
      }
      const shown = showRun(runDir);
      expect(shown.status).toBe(status);
      expect(shown.closed).toBe(true);
      expect(shown.params).toMatchObject({ lr: 0.01 });
      expect(shown.metrics.map((metric) => metric.count)).toEqual([POINTS_PER_SERIES, POINTS_PER_SERIES]);
      recordFigures("8 process.exit without endRun", {
        trials: 1,
        pointsLogged: 2 * POINTS_PER_SERIES,
        pointsRecovered: recovered,
      });
    });
  }
});
