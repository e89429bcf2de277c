/**
 * Integration test: needs the reference Python venv (mlflow 3.17.2). A run written to
 * `mlflowSaveDir` with no server is read back by the real `mlflow` package, through the same store
 * `MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri <dir>` opens.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { ArtifactEvent, RunEvent } from "@prov4ml/core";
import { hasReferencePython } from "@prov4ml/vitest-config";
import { describe, expect, it } from "vitest";
import { LocalStoreSession, mlflowBackend } from "../src/index.ts";
import { chunk, makeRun, outcome, python, tempDir } from "./helpers.ts";

describe.runIf(hasReferencePython())("mlflowSaveDir local store", () => {
  it("writes a run the real mlflow package reads: status, params, tags, metrics (NaN too), datasets, artifacts", async () => {
    const saveDir = tempDir("prov4ml-mlruns-");
    const runDir = tempDir();
    const file = join(runDir, "weights.bin");
    writeFileSync(file, "w");
    const run = makeRun({ runDir, experimentName: "local exp" });
    const session = (await mlflowBackend({ saveDir, trackingUri: undefined }).openRun(
      run,
    )) as LocalStoreSession;
    expect(session).toBeInstanceOf(LocalStoreSession);
    await session.write({
      events: [
        { type: "param", key: "lr", value: "0.01", rawValue: 0.01, context: undefined, timestamp: 0 },
        { type: "tag", key: "stage", value: "dev" },
        {
          type: "dataset",
          label: "mnist",
          context: "training",
          source: "/data/mnist",
          digest: "abc123",
          stats: { rows: 10 },
          timestamp: 0,
        },
        {
          type: "artifact",
          name: "model/weights.bin",
          sourcePath: file,
          storedPath: file,
          isDirectory: false,
          size: 1,
          sha256: "",
          context: undefined,
          isInput: false,
          isModel: true,
          timestamp: 0,
        },
      ],
      metrics: [
        chunk("loss", "training", 0, 100, {
          value: (i) => (i === 5 ? Number.NaN : i === 6 ? Number.POSITIVE_INFINITY : i / 4),
        }),
        chunk("cpu_usage", "training", 0, 3, { source: "@prov4ml/collector-system" }),
      ],
    });
    await session.write({ events: [], metrics: [chunk("loss", "training", 100, 50)] });
    const files = [
      {
        format: "prov-json",
        fileName: `prov_${run.runName}.json`,
        mediaType: "application/json",
        content: "{}",
      },
    ];
    const result = await session.close(outcome("FINISHED", files));

    const landed = python<{
      experiment: string;
      status: string;
      params: Record<string, string>;
      tags: Record<string, string>;
      loss: number;
      nan: boolean;
      inf: boolean;
      system: number;
      artifacts: string[];
      inputs: string[];
    }>(
      `
import json, sys, math, os
os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
from mlflow.tracking import MlflowClient
c = MlflowClient(sys.argv[1])
exp = c.get_experiment_by_name("local exp")
run = c.get_run(sys.argv[2])
hist = c.get_metric_history(run.info.run_id, "training/loss")
arts = [f.path for f in c.list_artifacts(run.info.run_id)] + [f.path for f in c.list_artifacts(run.info.run_id, "model")]
print(json.dumps({"experiment": exp.experiment_id, "status": run.info.status, "params": run.data.params,
  "tags": run.data.tags, "loss": len(hist), "nan": math.isnan([m for m in hist if m.step == 5][0].value),
  "inf": math.isinf([m for m in hist if m.step == 6][0].value), "system": len(c.get_metric_history(run.info.run_id, "system/cpu_utilization_percentage")),
  "artifacts": sorted(arts), "inputs": [d.dataset.name for d in run.inputs.dataset_inputs]}))
`,
      [`file://${saveDir}`, String(result?.info?.mlflow_run_id)],
    );
    expect(landed).toMatchObject({
      experiment: String(result?.info?.mlflow_experiment_id),
      status: "FINISHED",
      params: { lr: "0.01" },
      loss: 150,
      nan: true,
      inf: true,
      system: 3,
      inputs: ["mnist"],
    });
    expect(landed.tags).toMatchObject({
      stage: "dev",
      "mlflow.runName": run.runName,
      "mlflow.user": "tester",
      team: "prov4ml",
    });
    expect(landed.artifacts).toEqual(["model", "model/weights.bin", `prov_${run.runName}.json`].sort());
  });
});

describe("mlflowSaveDir local store: a generated model's files", () => {
  it("are copied into the run's artifacts once, under the model's path, not again for each per-file record", async () => {
    const saveDir = tempDir("prov4ml-mlruns-");
    const runDir = tempDir();
    const modelDir = join(runDir, "artifacts_GR0", "net", "tfjs_model");
    mkdirSync(modelDir, { recursive: true });
    writeFileSync(join(modelDir, "model.json"), "{}");
    writeFileSync(join(modelDir, "weights.bin"), "w");
    const file = (name: string, sourcePath: string, isDirectory: boolean): ArtifactEvent => ({
      type: "artifact",
      name,
      sourcePath,
      storedPath: isDirectory ? sourcePath : undefined,
      isDirectory,
      size: 1,
      sha256: "",
      context: "training",
      isInput: false,
      isModel: true,
      model: "net",
      timestamp: 0,
    });
    const directory = file("net/tfjs_model", modelDir, true);
    // What logTfjsModel logs: the model with its directory, then each file for its SHA-256.
    const events: RunEvent[] = [
      directory,
      { type: "model", name: "net", context: "training", info: undefined, artifact: directory, timestamp: 0 },
      file("net/model.json", join(modelDir, "model.json"), false),
      file("net/weights.bin", join(modelDir, "weights.bin"), false),
    ];
    const session = (await mlflowBackend({ saveDir, trackingUri: undefined }).openRun(
      makeRun({ runDir, experimentName: "local models" }),
    )) as LocalStoreSession;
    await session.write({ events, metrics: [] });
    const result = await session.close(outcome("FINISHED"));
    const artifactsDir = join(
      saveDir,
      String(result?.info?.mlflow_experiment_id),
      String(result?.info?.mlflow_run_id),
      "artifacts",
    );
    const stored = readdirSync(artifactsDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(artifactsDir, join(entry.parentPath, entry.name)))
      .sort();
    expect(stored).toEqual(["net/tfjs_model/model.json", "net/tfjs_model/weights.bin"]);
  });
});
