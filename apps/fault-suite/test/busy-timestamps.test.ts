/**
 * Defect 10 (issue 12, fixed with the "green everywhere" issue): metric timestamps ran behind the
 * clock on a busy machine, and `prov4ml validate` flagged our own documents. Now they validate
 * clean on a busy machine: CPU burners (worker threads spinning, one
 * more than there are cores) run while a run logs into many fresh contexts and through a
 * CPU-bound stretch; `validateDocument` (what `prov4ml validate` runs) must report nothing.
 * Runs the facade in this process; no server needed. The burners are stopped in `finally`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { validateDocument } from "@prov4ml/cli";
import { parseProvJson } from "@prov4ml/exporter-prov";
import * as prov4ml from "prov4ml";
import { describe, expect, it } from "vitest";
import { recordFigures } from "./lib/figures.ts";

/** Starts `count` threads that spin until terminated, and resolves once all of them run. */
async function startBurners(count: number): Promise<Worker[]> {
  const source = `require("node:worker_threads").parentPort.postMessage("spinning"); for (;;) {}`;
  const burners = Array.from({ length: count }, () => new Worker(source, { eval: true, execArgv: [] }));
  await Promise.all(burners.map((burner) => new Promise((resolve) => burner.once("message", resolve))));
  return burners;
}

describe("timestamps on a busy machine", () => {
  it("a run logged while every core is busy validates with 0 errors and 0 warnings", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prov4ml-busy-"));
    const burners = await startBurners(availableParallelism() + 1);
    try {
      await prov4ml.startRun({ experimentName: "busy", provenanceSaveDir: dir, closeOnExit: false });
      // A fresh context is stamped when first used; its first point right after must not precede it.
      for (let context = 0; context < 200; context++) {
        prov4ml.logMetric("loss", context, `phase_${context}`, { step: 0 });
        let spin = 0;
        for (let i = 0; i < 20_000; i++) spin += Math.sqrt(i);
        prov4ml.logMetric("spin", spin, `phase_${context}`, { step: 0 });
      }
      const result = await prov4ml.endRun();
      const { document, repairs } = parseProvJson(await readFile(result.provJsonPath!, "utf8"));
      const report = validateDocument(document, { repairs });
      recordFigures("10 timestamps on a busy machine", { trials: 1 });
      expect(report.errors).toEqual([]);
      expect(report.warnings).toEqual([]);
    } finally {
      await Promise.all(burners.map((burner) => burner.terminate()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
