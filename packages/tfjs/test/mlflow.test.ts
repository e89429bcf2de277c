/**
 * Integration test (needs a real MLflow server, started by tooling/vitest/mlflow-global-setup.mjs or given by
 * PROV4ML_TEST_MLFLOW_URI): a real tfjs fit with prov4mlCallback and logTfjsModel, delivered
 * through the MLflow backend; metrics keyed per context, params, the dataset (size and element
 * spec, through tfjsDatasetInspector) and the model visible — its files stored once, in the
 * LoggedModel's artifacts, not again among the run's.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fsBackend } from "@prov4ml/backend-fs";
import { mlflowBackend } from "@prov4ml/backend-mlflow";
import { createProv4ml } from "@prov4ml/core";
import { provJsonExporter } from "@prov4ml/exporter-prov";
import { mlflowUri, onlyRun } from "@prov4ml/vitest-config/mlflow-query";
import { expect, it } from "vitest";
import { prov4mlCallback } from "../src/callback.ts";
import { tfjsDatasetInspector } from "../src/dataset-inspector.ts";
import { logTfjsModel } from "../src/log-model.ts";
import { classifier, spirals, tf } from "../src/test-helpers.ts";

it("a tfjs fit lands in MLflow with per-context metric keys, params, dataset and model", async () => {
  const experimentName = `tfjs_mlflow_${randomUUID().slice(0, 8)}`;
  const prov = createProv4ml({
    plugins: [
      fsBackend(),
      mlflowBackend({ trackingUri: mlflowUri() }),
      provJsonExporter(),
      tfjsDatasetInspector(),
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-tfjs-mlflow-"));
  const run = await prov.startRun({ experimentName, provenanceSaveDir: join(dir, "prov") });
  const model = classifier();
  const { xs, ys } = spirals(30);
  const dataset = tf.data.zip({ xs: tf.data.array(xs.arraySync()), ys: tf.data.array(ys.arraySync()) });
  run.logDataset("spirals", dataset.batch(20));
  const history = await model.fit(xs, ys, {
    epochs: 3,
    batchSize: 20,
    validationSplit: 0.2,
    verbose: 0,
    callbacks: [prov4mlCallback({ run })],
  });
  const logged = await logTfjsModel(model, "spiral_mlp", { run });
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
  expect(view.datasetProfiles.spirals).toEqual({
    format: "tfjs-data",
    size: 3, // 60 points in batches of 20
    spec_xs: "float32[20,2]",
    spec_ys: "float32[20,2]",
  });
  const runFiles = await view.allArtifacts();
  expect(runFiles.join(" ")).toMatch(/prov_.*\.json/);
  expect(runFiles).toContain("spiral_mlp_layers_description.json");

  // MLflow 3: the model is this run's finalized LoggedModel, and its files are its artifacts.
  const models = await view.loggedModels();
  expect(models).toMatchObject([
    { name: "spiral_mlp", source_run_id: view.runId, status: "LOGGED_MODEL_READY" },
  ]);
  const modelId = models[0]?.model_id ?? "";
  const modelFiles = await view.loggedModelArtifacts(modelId);
  expect(modelFiles).toEqual(["model.json", "weights.bin"]);
  // Stored once: neither the core's model artifact nor the per-file records add a run copy.
  const everywhere = [...runFiles, ...modelFiles];
  for (const file of ["weights.bin", "model.json"])
    expect(
      everywhere.filter((path) => path.split("/").pop() === file),
      file,
    ).toHaveLength(1);
  // The one copy is the one whose SHA-256 the PROV document records.
  const weights = await view.downloadLoggedModelArtifact(modelId, "weights.bin");
  const recorded = logged.files.find((file) => file.name === "spiral_mlp/weights.bin");
  expect(createHash("sha256").update(weights).digest("hex")).toBe(recorded?.sha256);
  expect(weights.length).toBe(model.countParams() * 4);
  tf.dispose([xs, ys]);
});
