/**
 * Defect 5 (issue 12): a training loop that never awaits. A real child process logs eight points
 * per millisecond in a CPU-bound loop (no await: the run's flush timer never fires) and is killed
 * with SIGKILL once its points reach the disk. Every point older than about one flush interval
 * must be on disk, in order: the append worker persists the shared-memory chunks on its own
 * clock. Imports the built facade; needs no server.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { childEnv, spawnScript } from "./lib/child.ts";
import { recordFigures } from "./lib/figures.ts";
import { facadeDist, importUrl } from "./lib/paths.ts";
import { readCsvStrict } from "./lib/run-files.ts";

const FLUSH_MS = 200;
/** The worker's tick fires a little late on a loaded machine, and writing takes time too. */
const SLACK_MS = 150;
/**
 * The kill comes once the child printed this step: several flush intervals and 4,096-row chunks
 * in, and far from a multiple of 16,384 (where the old early flush wrote a batch).
 */
const KILL_AT_STEP = 28_000;

const BUSY_TRAINING = `
import * as prov4ml from ${importUrl(facadeDist())};
const [saveDir] = process.argv.slice(2);
const run = await prov4ml.startRun({ experimentName: "busy", provenanceSaveDir: saveDir, logSourceCode: false,
  flushIntervalMs: ${FLUSH_MS}, plugins: prov4ml.defaultPlugins({ mlflow: false }) });
console.log("RUNDIR " + run.runDir);
// Never yields: eight points per millisecond of wall time, for at most a minute.
const end = Date.now() + 60_000;
let step = 0;
let last = 0;
while (Date.now() < end) {
  const now = Date.now();
  if (now === last) continue;
  last = now;
  for (let i = 0; i < 8; i++) {
    prov4ml.logMetric("loss", 1 / (step + 1), prov4ml.Context.TRAINING, step);
    // Synchronous on a pipe: the test hears it while the loop runs.
    if (++step % 1000 === 0) console.log("STEP " + step);
  }
}
`;

describe("defect 5: a CPU-bound loop that never awaits", () => {
  // Was a bug (core run.ts): points were handed to the backends only by the main thread's flush
  // timer, which a loop that never yields starves: 0 points on disk however long it ran.
  it("has every point older than one flush interval on disk when killed with SIGKILL", async () => {
    const saveDir = mkdtempSync(join(tmpdir(), "prov4ml-fault-busy-"));
    const child = spawnScript(BUSY_TRAINING, { args: [saveDir], env: childEnv() });
    const runDir = (await child.waitFor(/RUNDIR (.+)\n/))[1]!;
    const csv = join(runDir, "metrics_GR0", "loss_training_prov4ml_GR0.csv");
    await child.waitFor(new RegExp(`STEP ${KILL_AT_STEP}\n`));
    const killAt = Date.now();
    child.kill("SIGKILL");
    expect((await child.exit).signal).toBe("SIGKILL");

    const { rows, malformed } = readCsvStrict(csv);
    expect(malformed).toEqual([]);
    // A contiguous prefix of the steps, in order, with nothing missing or repeated...
    expect(rows.map((row) => row.step)).toEqual(rows.map((_, index) => index));
    // ...reaching to within one flush interval of the kill (points were logged every ms): so every
    // point logged before the cutoff is among them, and those are the points the promise covers.
    const lastOnDisk = rows.at(-1)!.timestamp;
    const owed = rows.filter((row) => row.timestamp < killAt - FLUSH_MS - SLACK_MS).length;
    expect(lastOnDisk).toBeGreaterThanOrEqual(killAt - FLUSH_MS - SLACK_MS);
    recordFigures("12.5 loop that never awaits", {
      trials: 1,
      pointsLogged: owed,
      pointsRecovered: owed,
    });
    console.log(`busy loop: ${rows.length} rows on disk, the last ${killAt - lastOnDisk} ms before the kill`);
  });
});
