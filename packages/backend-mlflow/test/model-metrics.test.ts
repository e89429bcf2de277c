/**
 * Integration test: needs a real MLflow 3 server (the shared one from the global setup or
 * PROV4ML_TEST_MLFLOW_URI) and the reference Python venv; reads each LoggedModel's metrics back
 * with mlflow's own Python client (`get_logged_model(...).metrics`).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MetricChunk, ModelEvent, RunEvent } from "@prov4ml/core";
import { hasReferencePython } from "@prov4ml/vitest-config";
import { describe, expect, it } from "vitest";
import { type MlflowSession, mlflowBackend } from "../src/index.ts";
import { chunk, makeRun, outcome, python, recordingLogger, sharedServerUri, tempDir } from "./helpers.ts";

const T0 = 1_700_000_000_000;

function model(
  name: string,
  timestamp: number,
  options: { isInput?: boolean; file?: string } = {},
): RunEvent[] {
  const artifact = options.file
    ? ({
        type: "artifact",
        name: `${name}/net.bin`,
        sourcePath: options.file,
        storedPath: options.file,
        isDirectory: false,
        size: 8,
        sha256: "cd".repeat(32),
        context: "training",
        isInput: false,
        isModel: true,
        model: name,
        timestamp,
      } as const)
    : undefined;
  const event: ModelEvent = {
    type: "model",
    name,
    context: "training",
    info: { format: "tfjs-layers", parameterCount: 10 },
    artifact,
    isInput: options.isInput === true,
    timestamp,
  };
  return artifact ? [artifact, event] : [event];
}

/** One run: `before` points of training/loss, the model events, then the batches after. */
async function runWith(
  uri: string,
  experimentName: string,
  batches: { events: RunEvent[]; metrics: MetricChunk[] }[],
) {
  const logger = recordingLogger();
  const session = (await mlflowBackend({ trackingUri: uri }).openRun(
    makeRun({ runDir: tempDir(), logger, experimentName }),
  )) as MlflowSession;
  for (const batch of batches) await session.write(batch);
  const result = await session.close(outcome("FINISHED"));
  expect(logger.messages.filter((m) => m.startsWith("warn") || m.startsWith("error"))).toEqual([]);
  return {
    runId: String(result?.info?.mlflow_run_id),
    experimentId: String(result?.info?.mlflow_experiment_id),
  };
}

interface ModelMetrics {
  models: { id: string; name: string; metrics: { key: string; step: number; run_id: string }[] }[];
  history: Record<string, Record<string, number>>;
}

function readModelMetrics(uri: string, experimentId: string, runIds: string[]): ModelMetrics {
  return python<ModelMetrics>(
    `
import json, sys
import mlflow
from mlflow.tracking import MlflowClient
mlflow.set_tracking_uri(sys.argv[1])
c = MlflowClient(sys.argv[1])
models = []
for m in mlflow.search_logged_models(experiment_ids=[sys.argv[2]], output_format="list"):
    m = mlflow.get_logged_model(m.model_id)
    models.append({"id": m.model_id, "name": m.name,
      "metrics": sorted(({"key": x.key, "step": x.step, "run_id": x.run_id} for x in (m.metrics or [])), key=lambda x: (x["run_id"], x["key"], x["step"]))})
history = {}
for run_id in json.loads(sys.argv[3]):
    run = c.get_run(run_id)
    history[run_id] = {key: len(c.get_metric_history(run_id, key)) for key in run.data.metrics}
print(json.dumps({"models": models, "history": history}))
`,
    [uri, experimentId, JSON.stringify(runIds)],
  );
}

describe.runIf(hasReferencePython())("metrics linked to LoggedModels (model_id)", () => {
  it("points logged after logModel carry its model_id; an evaluation's points carry the model it used", async () => {
    const uri = sharedServerUri();
    const experimentName = `model-metrics-${Date.now()}`;
    const file = join(tempDir(), "net.bin");
    writeFileSync(file, "weights!");
    // Training: 1,500 loss points before the model, then 3 test points after it (and one loss point).
    const trained = await runWith(uri, experimentName, [
      { events: [], metrics: [chunk("loss", "training", 0, 1500, { t0: T0 })] },
      {
        events: model("net", T0 + 2000, { file }),
        metrics: [
          chunk("accuracy", "testing", 0, 3, { t0: T0 + 3000 }),
          chunk("loss", "training", 1500, 1, { t0: T0 + 1000 }),
        ],
      },
    ]);
    // An evaluation run uses the model, then logs its figures.
    const evaluated = await runWith(uri, experimentName, [
      { events: model("net", T0 + 5000, { isInput: true }), metrics: [] },
      { events: [], metrics: [chunk("accuracy", "evaluation", 0, 2, { t0: T0 + 6000 })] },
    ]);

    const seen = readModelMetrics(uri, trained.experimentId, [trained.runId, evaluated.runId]);
    expect(seen.models).toHaveLength(1);
    const linked = seen.models[0]!.metrics;
    expect(linked).toEqual(
      [
        ...[0, 1, 2].map((step) => ({ key: "testing/accuracy", step, run_id: trained.runId })),
        ...[0, 1].map((step) => ({ key: "evaluation/accuracy", step, run_id: evaluated.runId })),
        { key: "training/loss", step: 1500, run_id: trained.runId },
      ].sort((a, b) => a.run_id.localeCompare(b.run_id) || a.key.localeCompare(b.key) || a.step - b.step),
    );
    // Linked or not, every point is the run's too, once.
    expect(seen.history[trained.runId]).toEqual({ "training/loss": 1501, "testing/accuracy": 3 });
    expect(seen.history[evaluated.runId]).toEqual({ "evaluation/accuracy": 2 });
  });
});
