/**
 * Part 6 — concurrency. Eight processes start runs of the same experiment at the same moment:
 * each gets its own run number and directory, and every file holds only its own run's data. Two
 * runs in one process do not mix params, metrics or artifacts.
 *
 * Spawns real Node processes that import the built facade; needs the reference Python venv for
 * the document check.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fsBackend } from "@prov4ml/backend-fs";
import { createProv4ml } from "@prov4ml/core";
import { loadRun, provJsonExporter } from "@prov4ml/exporter-prov";
import { hasReferencePython } from "@prov4ml/vitest-config";
import { describe, expect, it } from "vitest";
import { spawnScript } from "./lib/child.ts";
import { recordFigures } from "./lib/figures.ts";
import { facadeDist, importUrl } from "./lib/paths.ts";
import { readBackWithProv } from "./lib/python-prov.ts";
import { listFilesDeep, metricFiles, readJournal } from "./lib/run-files.ts";

const PROCESSES = 8;
const POINTS = 3000;

/** Waits for the go file (a barrier), then starts a run and logs values tagged with its index. */
function racingTraining(): string {
  return `
import * as prov4ml from ${importUrl(facadeDist())};
import { existsSync, writeFileSync } from "node:fs";
const [saveDir, goFile, index, points] = process.argv.slice(2);
console.log("WAITING");
while (!existsSync(goFile)) await new Promise((r) => setTimeout(r, 1));
const run = await prov4ml.startRun({ experimentName: "race", provenanceSaveDir: saveDir, logSourceCode: false, flushIntervalMs: 50 });
prov4ml.logParam("child", Number(index));
prov4ml.setTag("child", index);
for (let step = 0; step < Number(points); step++) {
  prov4ml.logMetric("loss", Number(index) * 1e6 + step, prov4ml.Context.TRAINING, step);
  if (step % 500 === 0) await new Promise((r) => setImmediate(r));
}
const result = await prov4ml.endRun();
console.log("RESULT " + JSON.stringify({ runDir: result.runDir, runName: result.runName, provJsonPath: result.provJsonPath }));
`;
}

describe("8 processes starting runs of one experiment at once", () => {
  it("get distinct run numbers and uncorrupted files, each with only its own data", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prov4ml-fault-race-"));
    const saveDir = join(dir, "prov");
    const goFile = join(dir, "go");
    const script = racingTraining();
    const children = Array.from({ length: PROCESSES }, (_, index) =>
      spawnScript(script, { args: [saveDir, goFile, String(index), String(POINTS)] }),
    );
    await Promise.all(children.map((child) => child.waitFor(/WAITING/)));
    writeFileSync(goFile, "");
    const results = await Promise.all(
      children.map(async (child) => {
        const match = await child.waitFor(/RESULT (.+)\n/);
        expect((await child.exit).code, child.stderr()).toBe(0);
        return JSON.parse(match[1]!) as { runDir: string; runName: string; provJsonPath: string };
      }),
    );

    const runDirs = new Set(results.map((result) => result.runDir));
    const numbers = results.map((result) => Number(result.runName.split("_").pop())).sort((a, b) => a - b);
    let recovered = 0;
    try {
      expect(runDirs.size).toBe(PROCESSES);
      expect(numbers).toEqual(Array.from({ length: PROCESSES }, (_, index) => index));

      for (const [index, result] of results.entries()) {
        const view = await loadRun(result.runDir);
        expect(view.status).toBe("FINISHED");
        expect(view.params.child).toBe(index);
        const loss = view.metrics.find((metric) => metric.name === "loss")!;
        expect(loss.count).toBe(POINTS);
        const points = await loss.load();
        const expected = Array.from({ length: POINTS }, (_, step) => index * 1e6 + step);
        expect(Array.from(points.values)).toEqual(expected);
        recovered += points.values.length;
        // Each file parses strictly and holds only this run's rows.
        for (const [name, csv] of metricFiles(result.runDir)) {
          expect(csv.malformed, name).toEqual([]);
          expect(csv.cutShort, name).toBe(false);
        }
        const journal = readJournal(result.runDir);
        expect(journal.malformed).toEqual([]);
        expect(journal.events.filter((event) => event.type === "param")).toEqual([
          expect.objectContaining({ key: "child", value: String(index) }),
        ]);
        // No temporary files left behind by the atomic writes.
        expect(listFilesDeep(result.runDir).filter((file) => /\.tmp-/.test(file))).toEqual([]);
      }
    } finally {
      recordFigures("6 concurrency", {
        trials: 1,
        pointsLogged: PROCESSES * POINTS,
        pointsRecovered: recovered,
      });
    }

    if (hasReferencePython()) {
      const readBack = readBackWithProv(results.map((result) => result.provJsonPath));
      expect(readBack.filter((result) => !result.ok)).toEqual([]);
      for (const [index, result] of readBack.entries()) expect(result.params?.child).toBe(String(index));
    }
  });
});

describe("two runs in one process", () => {
  it("do not mix params, metrics, tags or artifacts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prov4ml-fault-two-"));
    const prov4ml = createProv4ml({ plugins: [fsBackend(), provJsonExporter()] });
    const options = {
      experimentName: "pair",
      provenanceSaveDir: join(dir, "prov"),
      closeOnExit: false,
      logSourceCode: false,
      flushIntervalMs: 20,
    };
    const [a, b] = await Promise.all([prov4ml.startRun(options), prov4ml.startRun(options)]);
    expect(a!.runDir).not.toBe(b!.runDir);
    const runs = [a!, b!];
    const files = runs.map((_, index) => {
      const file = join(dir, `weights-${index}.bin`);
      writeFileSync(file, `weights of run ${index}`);
      return file;
    });
    for (const [index, run] of runs.entries()) {
      run.logParam("lr", index === 0 ? 0.1 : 0.2);
      run.setTag("which", String(index));
    }
    // Interleaved, with flushes of either run in between.
    for (let step = 0; step < 2000; step++) {
      for (const [index, run] of runs.entries()) {
        run.logMetric("loss", index * 1e6 + step, "training", step);
        if (index === 1 && step % 3 === 0) run.logMetric("only_b", step, "validation", step);
      }
      if (step % 400 === 0) await new Promise((resolvePromise) => setTimeout(resolvePromise, 25));
    }
    await Promise.all(
      runs.map((run, index) => run.logArtifact(files[index]!, { name: "model/weights.bin" })),
    );
    const ended = await Promise.all(runs.map((run) => run.endRun()));

    let recovered = 0;
    try {
      for (const [index, result] of ended.entries()) {
        const view = await loadRun(result.runDir);
        expect(view.params.lr).toBe(index === 0 ? 0.1 : 0.2);
        expect(view.metrics.map((metric) => metric.name).sort()).toEqual(
          index === 0 ? ["loss"] : ["loss", "only_b"],
        );
        const loss = await view.metrics.find((metric) => metric.name === "loss")!.load();
        expect(Array.from(loss.values)).toEqual(
          Array.from({ length: 2000 }, (_, step) => index * 1e6 + step),
        );
        recovered += loss.values.length;
        const artifact = view.artifacts.find((entry) => entry.name === "model/weights.bin")!;
        expect(readFileSync(join(result.runDir, artifact.path!), "utf8")).toBe(`weights of run ${index}`);
        expect(existsSync(join(result.runDir, "metrics_GR0"))).toBe(true);
      }
    } finally {
      recordFigures("6 concurrency", { trials: 1, pointsLogged: 4000, pointsRecovered: recovered });
    }
  });
});
