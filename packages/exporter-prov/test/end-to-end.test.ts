/**
 * End to end with the real core and the file-system backend: a run logged through
 * `createProv4ml` with our PROV-JSON exporter, read back with `loadRun` from its directory.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fsBackend } from "@prov4ml/backend-fs";
import { createProv4ml } from "@prov4ml/core";
import { expect, it } from "vitest";
import { loadRun, provJsonExporter } from "../src/index.ts";

it("reads back what a real prov4ml run wrote: params, metric summary and CSV points", async () => {
  const saveDir = mkdtempSync(join(tmpdir(), "prov4ml-e2e-"));
  const prov4ml = createProv4ml({ plugins: [fsBackend(), provJsonExporter()] });
  try {
    const run = await prov4ml.startRun({ experimentName: "mnist", provenanceSaveDir: saveDir });
    run.logParam("lr", 0.01);
    run.logParam("optimizer", "adam");
    const losses = [1, 0.5, 0.25, Number.NaN, 0.125];
    losses.forEach((loss, step) => {
      run.logMetric("loss", loss, "training", { step });
    });
    const result = await run.endRun();
    expect(result.status).toBe("FINISHED");

    const view = await loadRun(run.info.runDir);
    expect(view).toMatchObject({
      generation: "prov4ml",
      experimentName: "mnist",
      runName: run.info.runName,
      runId: run.info.runId,
      status: "FINISHED",
      params: { lr: 0.01, optimizer: "adam" },
      repairs: [],
    });
    expect(view.endTime).toBeDefined();
    const loss = view.metrics.find((series) => series.name === "loss")!;
    expect(loss).toMatchObject({ context: "training", count: 5, first: 1, last: 0.125, min: 0.125, max: 1 });
    const points = await loss.load();
    expect([...points.values]).toEqual(losses);
    expect([...points.steps]).toEqual([0, 1, 2, 3, 4]);
  } finally {
    await prov4ml.shutdown();
  }
});
