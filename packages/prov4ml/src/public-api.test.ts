import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
// Type-only imports from the facade: `pnpm --filter prov4ml typecheck` fails (TS2459/TS2305) when one is missing.
import type {
  ArtifactEvent,
  ArtifactOptions,
  DatasetDescription,
  DatasetEvent,
  DatasetOptions,
  EndRunResult,
  InspectableDataset,
  MetricOptions,
  ModelEvent,
  ModelInfo,
  ModelOptions,
  Prov4mlPlugin,
  RunInfo,
  StartRunOptions,
} from "./index.ts";
import * as prov4ml from "./index.ts";

const dirs: string[] = [];
afterEach(async () => {
  if (prov4ml.getCurrentRun()?.isActive) await prov4ml.endRun();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-api-"));
  dirs.push(dir);
  await prov4ml.startRun({ experimentName: "api", provenanceSaveDir: dir, closeOnExit: false });
}

describe("the facade's public API", () => {
  it("re-exports the types a training script annotates its code with", () => {
    expectTypeOf(prov4ml.logModel).returns.resolves.toEqualTypeOf<ModelEvent>();
    expectTypeOf(prov4ml.logArtifact).returns.resolves.toEqualTypeOf<ArtifactEvent>();
    expectTypeOf(prov4ml.logArtifact).parameter(1).toEqualTypeOf<ArtifactOptions | undefined>();
    expectTypeOf(prov4ml.logDataset)
      .parameter(1)
      .toEqualTypeOf<DatasetDescription | InspectableDataset | undefined>();
    expectTypeOf(prov4ml.logDataset).returns.resolves.toEqualTypeOf<DatasetEvent>();
    expectTypeOf(prov4ml.logDataset).parameter(2).toEqualTypeOf<DatasetOptions | undefined>();
    expectTypeOf(prov4ml.logModel).parameter(2).toEqualTypeOf<ModelOptions | boolean | undefined>();
    expectTypeOf(prov4ml.endRun).returns.resolves.toEqualTypeOf<EndRunResult>();
    expectTypeOf<ModelEvent["info"]>().toEqualTypeOf<ModelInfo | undefined>();
    expectTypeOf<MetricOptions>().toHaveProperty("step");
    expectTypeOf<StartRunOptions>().toHaveProperty("experimentName");
    expectTypeOf<Prov4mlPlugin>().toHaveProperty("name");
    expectTypeOf<RunInfo>().toHaveProperty("runId");
  });

  it("exports exactly the seed-style functions, the errors and the run API (named, nothing stray)", () => {
    expect(Object.keys(prov4ml).sort()).toEqual(
      [
        ...["ArtifactNotFoundError", "ArtifactPathError", "InvalidArgumentError", "InvalidMetricValueError"],
        ...["InvalidNameError", "NoActiveRunError", "NoCollectorError", "ParamConflictError", "PluginError"],
        ...["Prov4mlError", "RunAlreadyActiveError", "RunEndedError", "StorageError"],
        ...["UnrecognizedDatasetError", "UnusableDirectoryError"],
        ...["Context", "Run", "createProv4ml", "defaultPlugins"],
        ...[
          "startRun",
          "endRun",
          "flush",
          "getCurrentRun",
          "setTag",
          "logArtifact",
          "logDataset",
          "logModel",
        ],
        ...["logParam", "logParams", "logMetric", "logMetrics", "logContext", "logCurrentExecutionTime"],
        ...["logSystemMetrics", "logCarbonMetrics"],
      ].sort(),
    );
  });

  it("exports the error startRun throws for a directory under /proc, so a script can catch it by class", async () => {
    const failed = prov4ml.startRun({ experimentName: "api", provenanceSaveDir: "/proc/self/prov" });
    await expect(failed).rejects.toBeInstanceOf(prov4ml.UnusableDirectoryError);
  });

  it("logModel(model, name, false) records the model without its info, as yProv4ML's log_model_info=False", async () => {
    await start();
    const model = { w: new Float32Array(100) };
    const withInfo = await prov4ml.logModel(model, "with_info");
    const without = await prov4ml.logModel(model, "without_info", false);
    expect(withInfo.info).toBeDefined();
    expect(without.name).toBe("without_info");
    expect(without.info).toBeUndefined();
    expect((await prov4ml.logModel(model, "explicit", true)).info).toBeDefined();
  });
});
