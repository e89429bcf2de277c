/**
 * Defect 12.6 — a full disk lost points silently and then miscounted: 2,000,000 `logMetric` calls
 * on a 2 MB file system, 6,461 points on disk, `prov4ml show` said 2,001,000, and an `endRun`
 * whose final document could not be written returned FINISHED with no word about it.
 *
 * The policy now (backend-fs README): what the disk refuses waits in memory, bounded
 * (`maxBacklogPoints`, default 2,000,000 rows), and is written once space returns; beyond the bound
 * the oldest rows are dropped and counted exactly. The count is in `endRun`'s warnings, in the
 * document (`prov4ml:lost_metric_points`) and in `prov4ml show`, whose counts are then the files'.
 * A final document that cannot be written is said in the warnings.
 *
 * Needs root (mounts a tmpfs); spawns a real Node process that imports the built facade.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { spawnScript } from "./lib/child.ts";
import { showRun } from "./lib/cli.ts";
import { recordFigures } from "./lib/figures.ts";
import { facadeDist, importUrl } from "./lib/paths.ts";
import { metricFiles, readJournal } from "./lib/run-files.ts";

const BEFORE_FULL = 1000;
/** More than the backlog bound (backend-fs's DEFAULT_BACKLOG_LIMITS), so some must be dropped. */
const WHILE_FULL = 2_600_000;
const LOGGED = BEFORE_FULL + WHILE_FULL;
const isRoot = spawnSync("id", ["-u"], { encoding: "utf8" }).stdout.trim() === "0";

function training(): string {
  return `
import * as prov4ml from ${importUrl(facadeDist())};
import { existsSync } from "node:fs";
const [saveDir, fullFile, freeFile] = process.argv.slice(2);
const waitFor = async (file) => { while (!existsSync(file)) await new Promise((r) => setTimeout(r, 5)); };
const run = await prov4ml.startRun({ experimentName: "full", provenanceSaveDir: saveDir, logSourceCode: false, flushIntervalMs: 50 });
for (let step = 0; step < ${BEFORE_FULL}; step++) prov4ml.logMetric("loss", step, prov4ml.Context.TRAINING, step);
await prov4ml.flush();
console.log("READY " + run.runDir);
await waitFor(fullFile);
prov4ml.logParam("while_full", 1); // an event the journal cannot take yet
for (let step = ${BEFORE_FULL}; step < ${LOGGED}; step++) prov4ml.logMetric("loss", step, prov4ml.Context.TRAINING, step);
await prov4ml.flush();
if (freeFile) {
  console.log("FREE?");
  await waitFor(freeFile);
  await prov4ml.flush();
}
const result = await prov4ml.endRun();
console.log("RESULT " + JSON.stringify({ provJsonPath: result.provJsonPath ?? null, warnings: result.warnings }));
`;
}

/** Fills the file system holding `dir` to the last byte, into `dir/filler`. */
function fillUp(dir: string): void {
  const filled = spawnSync("sh", ["-c", `cat /dev/zero > ${JSON.stringify(join(dir, "filler"))}`]);
  expect(filled.status).not.toBe(0); // cat stops when the disk is full
}

async function fullDiskRun(sizeMb: number, freeBeforeEnd: boolean, inspect = (_runDir: string) => {}) {
  const mountPoint = mkdtempSync(join(tmpdir(), "prov4ml-fault-accounting-"));
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMb}m`, "tmpfs", mountPoint], {
    encoding: "utf8",
  });
  expect(mounted.status, mounted.stderr).toBe(0);
  const signals = mkdtempSync(join(tmpdir(), "prov4ml-fault-accounting-signals-"));
  try {
    const fullFile = join(signals, "full");
    const freeFile = join(signals, "free");
    const child = spawnScript(training(), {
      args: [join(mountPoint, "prov"), fullFile, ...(freeBeforeEnd ? [freeFile] : [])],
    });
    const runDir = (await child.waitFor(/READY (.+)\n/))[1]!;
    fillUp(mountPoint);
    writeFileSync(fullFile, "");
    if (freeBeforeEnd) {
      await child.waitFor(/FREE\?/, 120_000);
      rmSync(join(mountPoint, "filler"));
      writeFileSync(freeFile, "");
    }
    const result = JSON.parse((await child.waitFor(/RESULT (.+)\n/, 120_000))[1]!) as {
      provJsonPath: string | null;
      warnings: string[];
    };
    expect((await child.exit).code, child.stderr()).toBe(0);
    const rows = metricFiles(runDir).get("loss_training_prov4ml_GR0.csv")!;
    expect(rows.malformed).toEqual([]);
    const said = /(\d+) metric points and \d+ events could not be written/.exec(result.warnings.join("\n"));
    const lostSaid = said ? Number(said[1]) : 0;
    recordFigures("12.6 full disk accounting", {
      trials: 1,
      pointsLogged: LOGGED,
      pointsRecovered: rows.rows.length,
      pointsCountedLost: lostSaid,
    });
    inspect(runDir); // before the file system goes
    return { result, rowsOnDisk: rows.rows.length, lostSaid };
  } finally {
    spawnSync("umount", [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
    rmSync(signals, { recursive: true, force: true });
  }
}

describe.runIf(isRoot)("a full disk: every point accounted for", () => {
  it("disk still full at the end: endRun says exactly how many points were lost and that the document was not written", {
    timeout: 300_000,
  }, async () => {
    const { result, rowsOnDisk, lostSaid } = await fullDiskRun(2, false);
    expect(rowsOnDisk).toBeGreaterThanOrEqual(BEFORE_FULL);
    expect(lostSaid).toBe(LOGGED - rowsOnDisk); // exact: every point on disk or counted
    expect(result.provJsonPath).toBeNull();
    expect(result.warnings.join("\n")).toMatch(/final prov-json document was not written: .*ENOSPC/);
  });

  it("space back before the end: the backlog is written, and the document and show tell the exact loss", {
    timeout: 300_000,
  }, async () => {
    // 160 MiB: after the filler goes, the whole bounded backlog fits.
    let journal: ReturnType<typeof readJournal> | undefined;
    let shown: (ReturnType<typeof showRun> & { attributes: Record<string, unknown> }) | undefined;
    const { result, rowsOnDisk, lostSaid } = await fullDiskRun(160, true, (runDir) => {
      shown = showRun(runDir) as typeof shown;
      journal = readJournal(runDir);
    });
    expect(result.provJsonPath).not.toBeNull();
    expect(lostSaid).toBeGreaterThan(0); // over the bound: some were dropped…
    expect(lostSaid).toBe(LOGGED - rowsOnDisk); // …and counted exactly
    expect(rowsOnDisk).toBeGreaterThan(1_000_000); // the backlog reached the disk once space returned
    expect(shown?.status).toBe("FINISHED");
    expect(shown?.params.while_full).toBe(1);
    // The journal kept the event logged while full, and wrote it once space returned.
    expect(journal?.events).toContainEqual(expect.objectContaining({ type: "param", key: "while_full" }));
    expect(shown?.attributes["prov4ml:lost_metric_points"]).toBe(lostSaid);
    expect(shown?.metrics.find((metric) => metric.name === "loss")?.count).toBe(rowsOnDisk);
  });
});
