import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fsBackend } from "@prov4ml/backend-fs";
import { createProv4ml, silentLogger } from "@prov4ml/core";
import { expect, it } from "vitest";
import { provJsonExporter } from "../exporters.ts";
import { loadRun } from "./load-run.ts";

it("recovers the series and params a killed run logged after its last checkpoint", async () => {
  const prov = createProv4ml({ plugins: [fsBackend(), provJsonExporter()], logger: silentLogger });
  const run = await prov.startRun({
    experimentName: "killed",
    provenanceSaveDir: mkdtempSync(join(tmpdir(), "prov4ml-killed-")),
    closeOnExit: false,
    logSourceCode: false,
    checkpointIntervalMs: 3_600_000, // only the checkpoint taken at start
  });
  run.logParam("lr", 0.5);
  run.logMetric("loss", 3, "training", 0);
  run.logMetric("loss", 2, "training", 1);
  run.logMetric("acc_top1", 0.5, "my_val", 0);
  await run.forceFlush();
  // no endRun: as after SIGKILL, the directory holds the provisional document and the files
  const view = await loadRun(run.runDir);
  expect(view.status).toBe("RUNNING");
  expect(view.params.lr).toBe(0.5);
  const loss = view.metrics.find((metric) => metric.name === "loss")!;
  expect(loss).toMatchObject({
    context: "training",
    source: "prov4ml",
    count: 2,
    first: 3,
    last: 2,
    min: 2,
    max: 3,
  });
  expect(view.metrics.find((metric) => metric.name === "acc_top1")).toMatchObject({
    context: "my_val",
    count: 1,
  });
  expect(view.repairs.some((note) => note.includes("recovered"))).toBe(true);
  await run.endRun();
});
