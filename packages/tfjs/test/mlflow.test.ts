/**
 * Integration test (needs a real MLflow server, started by test/global-setup.ts or given by
 * PROV4ML_TEST_MLFLOW_URI): a real tfjs fit with prov4mlCallback and logTfjsModel, delivered
 * through the MLflow backend; metrics keyed per context, params, the model and dataset visible.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fsBackend } from "@prov4ml/backend-fs";
import { mlflowBackend } from "@prov4ml/backend-mlflow";
import { createProv4ml } from "@prov4ml/core";
import { provJsonExporter } from "@prov4ml/exporter-prov";
import { expect, it } from "vitest";
import { prov4mlCallback } from "../src/callback.ts";
import { logTfjsDataset } from "../src/log-dataset.ts";
import { logTfjsModel } from "../src/log-model.ts";
import { classifier, spirals, tf } from "../src/test-helpers.ts";
import { mlflowUri, onlyRun } from "./mlflow-query.ts";

it("a tfjs fit lands in MLflow with per-context metric keys, params, dataset and model", async () => {
  const experimentName = `tfjs_mlflow_${randomUUID().slice(0, 8)}`;
  const prov = createProv4ml({
    plugins: [fsBackend(), mlflowBackend({ trackingUri: mlflowUri() }), provJsonExporter()],
  });
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-tfjs-mlflow-"));
  const run = await prov.startRun({ experimentName, provenanceSaveDir: join(dir, "prov") });
  const model = classifier();
  const { xs, ys } = spirals(30);
  await logTfjsDataset("spirals", tf.data.array(xs.arraySync()), { run });
  const history = await model.fit(xs, ys, {
    epochs: 3,
    batchSize: 20,
    validationSplit: 0.2,
    verbose: 0,
    callbacks: [prov4mlCallback({ run })],
  });
  await logTfjsModel(model, "spiral_mlp", { run });
  await run.endRun();

  const view = await onlyRun(experimentName);
  expect(view.metricKeys).toEqual(
    expect.arrayContaining([
      "training/loss",
      "training/acc",
      "validation/loss",
      "validation/acc",
      "training/epoch_time",
    ]),
  );
  for (const [key, values] of Object.entries(history.history)) {
    const mlflowKey = key.startsWith("val_") ? `validation/${key.slice(4)}` : `training/${key}`;
    const points = await view.history(mlflowKey);
    expect(
      points.map((p) => p.step),
      mlflowKey,
    ).toEqual([0, 1, 2]);
    for (const [i, value] of (values as number[]).entries()) expect(points[i]?.value).toBeCloseTo(value, 5);
  }
  expect(view.params).toMatchObject({
    optimizer: "Adam",
    epochs: "3",
    batch_size: "20",
    spiral_mlp_total_params: String(model.countParams()),
  });
  expect(view.datasetNames).toContain("spirals");
  expect(JSON.stringify(await view.artifacts())).toMatch(/prov_.*\.json/);
  // The saved model directory (model.json + weights.bin) is the run's model artifact.
  expect(await view.artifacts("spiral_mlp/tfjs_model")).toEqual(
    expect.arrayContaining(["spiral_mlp/tfjs_model/model.json", "spiral_mlp/tfjs_model/weights.bin"]),
  );
  // MLflow 3: the model is also this run's finalized LoggedModel.
  expect(await view.loggedModels()).toMatchObject([
    { name: "spiral_mlp", source_run_id: view.runId, status: "LOGGED_MODEL_READY" },
  ]);
  tf.dispose([xs, ys]);
});
