/**
 * The collector inside a real prov4ml run (core's createProv4ml and the in-memory backend):
 * logCarbonMetrics logs the nine figures under the `carbon` source, endRun returns the totals and
 * the PROV document carries the totals and methods on the run activity. No Python needed.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProv4ml, literalToJs } from "@prov4ml/core";
import { inMemoryBackend } from "@prov4ml/testing";
import { afterEach, describe, expect, it } from "vitest";
import { carbonCollector, listCountries } from "../src/index.ts";
import { fakePowercap } from "../src/test-support/fake-powercap.ts";

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanup) fn();
  cleanup = [];
});

describe("carbonCollector in a prov4ml run", () => {
  it("logs the figures, returns the totals and writes the methods into the PROV document", async () => {
    const powercap = fakePowercap([
      { path: "intel-rapl:0", name: "package-0", energyUJ: 5_000_000, maxRangeUJ: 2 ** 32 },
    ]);
    cleanup.push(powercap.remove);
    const saveDir = mkdtempSync(join(tmpdir(), "prov4ml-carbon-run-"));
    cleanup.push(() => rmSync(saveDir, { recursive: true, force: true }));
    const backend = inMemoryBackend();
    const prov4ml = createProv4ml({
      plugins: [
        backend,
        carbonCollector({ country: "DEU", powercapRoot: powercap.root, gpu: false, env: {} }),
      ],
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const run = await prov4ml.startRun({
      experimentName: "carbon",
      provenanceSaveDir: saveDir,
      closeOnExit: false,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    powercap.set("intel-rapl:0", 5_000_000 + 2_000_000); // 2 J
    await run.logCarbonMetrics("training", { step: 0 });
    powercap.set("intel-rapl:0", 5_000_000 + 3_000_000); // 3 J in all
    const result = await run.endRun();
    const germany = listCountries().find((country) => country.code === "DEU")?.gPerKWh as number;

    const energy = backend.seriesOf(run.info.runName, "energy_consumed", "training", "carbon");
    expect(energy?.steps).toEqual([0]);
    const cpuEnergy = backend.seriesOf(run.info.runName, "cpu_energy", "training", "carbon");
    expect(cpuEnergy?.values[0]).toBeCloseTo(2 / 3.6e6, 15);

    expect(result.totals.cpu_energy).toBeCloseTo(3 / 3.6e6, 15);
    expect(result.totals.energy_consumed).toBeGreaterThan(result.totals.cpu_energy as number);
    expect(result.totals.emissions).toBeCloseTo(
      ((result.totals.energy_consumed as number) * germany) / 1000,
      15,
    );

    const document = backend.runs.get(run.info.runName)?.outcome?.document;
    const activity = document?.recordsOf("activity", run.info.runName)[0];
    const attribute = (name: string) => {
      const value = activity?.attributes[name];
      return value === undefined || Array.isArray(value) ? value : literalToJs(value as never);
    };
    expect(attribute("prov4ml:carbon_cpu_method")).toBe("rapl");
    expect(attribute("prov4ml:carbon_country")).toBe("DEU");
    expect(attribute("prov4ml:carbon_intensity_assumed")).toBe(false);
    expect(attribute("prov4ml:carbon_gpu_method")).toBe(
      "none (no GPU found: GPU measurement disabled by option)",
    );
    expect(attribute("prov4ml:carbon_energy_consumed_kwh")).toBe(result.totals.energy_consumed);
  });
});
