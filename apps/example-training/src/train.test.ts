import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadRun } from "@prov4ml/exporter-prov";
import { expect, it } from "vitest";
import { train } from "./train.ts";

it("learns the two moons and records the run's provenance", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-example-"));
  const { result, finalAccuracy } = await train({ epochs: 20, provenanceSaveDir: dir, quiet: true });
  expect(finalAccuracy).toBeGreaterThan(0.9); // it really trains
  const view = await loadRun(result.runDir);
  expect(view.params).toMatchObject({ learning_rate: 0.5, epochs: 20, hidden_units: 16 });
  const accuracy = view.metrics.find(
    (metric) => metric.name === "accuracy" && metric.context === "validation",
  )!;
  expect(accuracy.count).toBe(20);
  expect(accuracy.last).toBeCloseTo(finalAccuracy, 10);
  expect(view.models[0]).toMatchObject({ name: "moons_mlp" });
  expect(result.files.svg).toMatch(/\.svg$/);
});
