/**
 * Defect 5 (issue 12): a training loop that never awaits. A real child process logs eight points
 * per millisecond in a CPU-bound loop (no await: the run's flush timer never fires) and is killed
 * with SIGKILL once it has seen its own CSV grow twice without ever yielding (a condition, not a
 * clock: the test holds on a busy machine). The points must be on disk in order, reaching close
 * to the kill: the append worker persists the shared-memory chunks on its own clock. The lag is
 * printed as a figure; the bound asserted is generous (ten flush intervals) so that a loaded
 * machine's late worker tick does not fail it. Imports the built facade; needs no server.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { childEnv, spawnScript } from "./lib/child.ts";
import { recordFigures } from "./lib/figures.ts";
import { facadeDist, importUrl } from "./lib/paths.ts";
import { readCsvStrict, readJournal } from "./lib/run-files.ts";

const FLUSH_MS = 200;
/** How far behind the kill the last row on disk may be: ten flush intervals, for a busy machine. */
const LAG_BOUND_MS = 10 * FLUSH_MS;
/** Growths of the CSV the child must see, without yielding, before it is killed. */
const GROWTHS_BEFORE_KILL = 2;

const BUSY_TRAINING = `
import { statSync } from "node:fs";
import * as prov4ml from ${importUrl(facadeDist())};
const [saveDir] = process.argv.slice(2);
const run = await prov4ml.startRun({ experimentName: "busy", provenanceSaveDir: saveDir, logSourceCode: false,
  flushIntervalMs: ${FLUSH_MS}, plugins: prov4ml.defaultPlugins({ mlflow: false }) });
console.log("RUNDIR " + run.runDir);
prov4ml.logParam("lr", 0.01); // before the loop: the flush timer never gets to hand it over
const csv = run.runDir + "/metrics_GR0/loss_training_prov4ml_GR0.csv";
let csvSize = 0;
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
    if (step === 500) prov4ml.setTag("phase", "inside the loop");
    // Synchronous on a pipe: the test hears it while the loop runs.
    if (++step % 1000 === 0) {
      // a synchronous look at its own file: it grows only if the worker writes on its own clock
      const size = statSync(csv, { throwIfNoEntry: false })?.size ?? 0;
      if (size > csvSize) console.log("GREW " + step);
      csvSize = size;
    }
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
    for (let growth = 0; growth < GROWTHS_BEFORE_KILL; growth++) await child.waitFor(/GREW \d+\n/);
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
    const owed = rows.filter((row) => row.timestamp < killAt - LAG_BOUND_MS).length;
    expect(rows.length).toBeGreaterThan(0);
    expect(lastOnDisk).toBeGreaterThanOrEqual(killAt - LAG_BOUND_MS);
    recordFigures("12.5 loop that never awaits", {
      trials: 1,
      pointsLogged: owed,
      pointsRecovered: owed,
    });
    // Events too: the param logged before the loop and the tag set inside it are in the journal.
    // (Was a bug: events reached the journal only through the flush timer, which never fired.)
    const journal = readJournal(runDir);
    expect(journal.malformed).toEqual([]);
    expect(journal.events).toContainEqual(expect.objectContaining({ type: "param", key: "lr" }));
    expect(journal.events).toContainEqual(expect.objectContaining({ type: "tag", key: "phase" }));
    console.log(`busy loop: ${rows.length} rows on disk, the last ${killAt - lastOnDisk} ms before the kill`);
  });
});
