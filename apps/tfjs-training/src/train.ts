/**
 * The TensorFlow.js example: a classifier learns two spirals with `model.fit`, prov4ml records
 * it through `@prov4ml/tfjs` (params, every epoch's logs, the dataset's size and element spec, the
 * model and its layers), and the trained model is exported as ONNX for the evaluation app.
 *
 *   pnpm --filter @prov4ml/tfjs-training start
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { logTfjsModel, prov4mlCallback, tfjsDatasetInspector } from "@prov4ml/tfjs";
import * as tf from "@tensorflow/tfjs";
import * as prov4ml from "prov4ml";
import { denseModelToOnnx } from "./export-onnx.ts";
import { spirals } from "./spirals.ts";

export interface TfjsTrainingOptions {
  epochs?: number;
  provenanceSaveDir?: string;
  quiet?: boolean;
}

export async function trainSpirals(options: TfjsTrainingOptions = {}) {
  await tf.setBackend("cpu");
  const log = options.quiet ? () => {} : console.log;
  const saveDir = options.provenanceSaveDir ?? "prov";
  await prov4ml.startRun({
    experimentName: "spirals_tfjs",
    provenanceSaveDir: saveDir,
    extraPlugins: [tfjsDatasetInspector()], // logDataset then reads a tf.data.Dataset's size and spec
  });

  const { points, labels } = spirals(300);
  const xs = tf.tensor2d(points);
  const ys = tf.oneHot(tf.tensor1d(labels, "int32"), 2).toFloat();
  await prov4ml.logDataset("spirals", tf.data.array(points), { source: "generated: spirals(300)" });

  const model = tf.sequential({ name: "spirals_mlp" });
  model.add(tf.layers.dense({ inputShape: [2], units: 32, activation: "relu", name: "hidden1" }));
  model.add(tf.layers.dense({ units: 32, activation: "relu", name: "hidden2" }));
  model.add(tf.layers.dense({ units: 2, activation: "softmax", name: "output" }));
  model.compile({ optimizer: tf.train.adam(0.02), loss: "categoricalCrossentropy", metrics: ["accuracy"] });

  const history = await model.fit(xs, ys, {
    epochs: options.epochs ?? 40,
    batchSize: 32,
    validationSplit: 0.2,
    shuffle: true,
    verbose: 0,
    callbacks: [prov4mlCallback({ params: { validation_split: 0.2 }, systemMetrics: true })],
  });
  await logTfjsModel(model, "spirals_mlp");

  // The ONNX copy is what the evaluation app loads: logged as a model the run generated.
  const onnxDir = join(saveDir, "exported");
  mkdirSync(onnxDir, { recursive: true });
  const onnxPath = join(onnxDir, "spirals_mlp.onnx");
  writeFileSync(onnxPath, denseModelToOnnx(model));
  const onnx = await prov4ml.logArtifact(onnxPath, { name: "spirals_mlp.onnx", isModel: true });

  const result = await prov4ml.endRun();
  const accuracy = history.history.val_acc?.at(-1) as number;
  log(`validation accuracy ${(accuracy * 100).toFixed(1)}%; provenance in ${result.runDir}`);
  log(`ONNX model: ${onnxPath} (sha256 ${onnx.sha256})`);
  tf.dispose([xs, ys]);
  return { result, history, model, onnxPath, onnxSha256: onnx.sha256 };
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split("/").pop() ?? "-");
if (invokedDirectly) await trainSpirals();
