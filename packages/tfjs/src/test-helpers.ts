/** Helpers shared by this package's tests: a real tfjs model on two spirals, a run in a temp dir. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fsBackend } from "@prov4ml/backend-fs";
import { createProv4ml, type Prov4mlPlugin } from "@prov4ml/core";
import { provJsonExporter } from "@prov4ml/exporter-prov";
import { inMemoryBackend } from "@prov4ml/testing";
import * as tf from "@tensorflow/tfjs";
import { tfjsLayersInspector } from "./layers-inspector.ts";

tf.setBackend("cpu");

/** Two interleaved spirals, `n` points each, deterministic. */
export function spirals(n: number): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  const points: number[][] = [];
  const labels: number[][] = [];
  for (let i = 0; i < n; i++) {
    const r = (i / n) * 4;
    for (const [cls, offset] of [
      [0, 0],
      [1, Math.PI],
    ] as const) {
      points.push([(r * Math.cos(r * 1.5 + offset)) / 4, (r * Math.sin(r * 1.5 + offset)) / 4]);
      labels.push(cls === 0 ? [1, 0] : [0, 1]);
    }
  }
  return { xs: tf.tensor2d(points), ys: tf.tensor2d(labels) };
}

/** A small compiled classifier (2-16-16-2, with a BatchNormalization's non-trainable weights). */
export function classifier(): tf.Sequential {
  const model = tf.sequential({ name: "spiral_mlp" });
  model.add(tf.layers.dense({ inputShape: [2], units: 16, activation: "relu", name: "hidden1" }));
  model.add(tf.layers.batchNormalization({ name: "norm" }));
  model.add(tf.layers.dense({ units: 16, activation: "relu", name: "hidden2" }));
  model.add(tf.layers.dense({ units: 2, activation: "softmax", name: "output" }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}

export async function startTestRun(extra: Prov4mlPlugin[] = []) {
  const memory = inMemoryBackend();
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-tfjs-test-"));
  const prov = createProv4ml({
    plugins: [fsBackend(), memory, provJsonExporter(), tfjsLayersInspector(), ...extra],
  });
  const run = await prov.startRun({ experimentName: "tfjs_test", provenanceSaveDir: join(dir, "prov") });
  return { run, memory, dir };
}

export { tf };
