/**
 * The collector inside a real prov4ml run (core + in-memory backend): logSystemMetrics, the
 * background sampler, the unavailable-source records and the finish attributes.
 */

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Context, createProv4ml, silentLogger, TERMS } from "@prov4ml/core";
import { inMemoryBackend } from "@prov4ml/testing";
import { describe, expect, it, vi } from "vitest";
import { systemCollector } from "../src/index.ts";
import { writeTree } from "./tree.ts";

describe("systemCollector in a run", () => {
  it("logs memory, disk and CPU, records the missing sensor once and samples in the background", async () => {
    const backend = inMemoryBackend();
    const noSensors = writeTree({});
    const prov4ml = createProv4ml({
      plugins: [backend, systemCollector({ sysfsRoot: noSensors, sources: { gpu: false } })],
      logger: silentLogger,
    });
    const run = await prov4ml.startRun({
      experimentName: "system",
      provenanceSaveDir: mkdtempSync(join(tmpdir(), "prov4ml-system-run-")),
      logSourceCode: false,
      closeOnExit: false,
      systemMetrics: { intervalMs: 50, context: Context.VALIDATION },
    });
    await run.logSystemMetrics(Context.TRAINING, { step: 3 });
    await run.logSystemMetrics(Context.TRAINING, { step: 4 });
    // the background sampler (every 50 ms): wait until it has delivered two samples, however slow the machine
    const backgroundSamples = () =>
      backend.seriesOf(run.runName, "memory_usage", Context.VALIDATION, "system")?.values.length ?? 0;
    await vi.waitUntil(
      async () => {
        await run.forceFlush();
        return backgroundSamples() >= 2;
      },
      { timeout: 120_000, interval: 20 },
    );
    const document = run.document();
    await run.endRun();
    await prov4ml.shutdown();

    for (const name of ["memory_usage", "disk_usage", "cpu_usage"]) {
      const series = backend.seriesOf(run.runName, name, Context.TRAINING, "system");
      expect(series?.steps, name).toEqual([3, 4]);
    }
    const background = backend.seriesOf(run.runName, "memory_usage", Context.VALIDATION, "system");
    expect(background?.values.length).toBeGreaterThanOrEqual(2);
    expect(backend.seriesOf(run.runName, "cpu_temperature", Context.TRAINING, "system")).toBeUndefined();

    const activity = document.records.find((record) => record.kind === "activity")!;
    expect(activity.attributes[TERMS.unavailableSource]).toEqual([
      `cpu_temperature: no CPU temperature sensor under ${join(noSensors, "class/hwmon")} or ${join(noSensors, "class/thermal")}`,
    ]);
  });
});
