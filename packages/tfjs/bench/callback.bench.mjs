/**
 * Overhead of prov4mlCallback on a small fit: 10 epochs, per-batch logging on (batchEvery: 1),
 * file-system backend. Baseline = the same fit, with a run open, without the callback;
 * the two are interleaved 3 times and the medians compared (target: ≤ 2 %).
 *
 *   pnpm --filter @prov4ml/tfjs bench        (runs against dist/: build first)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fsBackend } from "@prov4ml/backend-fs";
import { createProv4ml } from "@prov4ml/core";
import * as tf from "@tensorflow/tfjs";
import { prov4mlCallback } from "../dist/index.mjs";

await tf.setBackend("cpu");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = 3;
const xs = tf.randomUniform([1024, 8], -1, 1, "float32", 1);
const ys = tf.oneHot(tf.randomUniform([1024], 0, 4, "int32", 2), 4).toFloat();

function makeModel() {
  const model = tf.sequential();
  model.add(
    tf.layers.dense({
      inputShape: [8],
      units: 32,
      activation: "relu",
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: 4,
      activation: "softmax",
      kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
    }),
  );
  model.compile({ optimizer: tf.train.sgd(0.1), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}

async function fit(withCallback) {
  const model = makeModel();
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-tfjs-bench-"));
  // Both variants have a run open (its worker and clock threads started), so the difference
  // is the callback's own cost, not the run's start-up competing with the fit for the CPUs.
  const run = await createProv4ml({ plugins: [fsBackend()] }).startRun({
    experimentName: "bench",
    provenanceSaveDir: dir,
  });
  run.logMetric("warm", 0);
  await run.flush();
  const callbacks = withCallback ? [timed(prov4mlCallback({ run, batchEvery: 1 }))] : [];
  const started = performance.now();
  await model.fit(xs, ys, {
    epochs: 10,
    batchSize: 32,
    validationSplit: 0.1,
    verbose: 0,
    callbacks,
  });
  const ms = performance.now() - started;
  await run.endRun();
  model.dispose();
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

/** Adds up the time spent inside the callback's hooks: its cost, measured without the machine's noise. */
let insideMs = 0;
function timed(callback) {
  for (const hook of ["onTrainBegin", "onEpochBegin", "onEpochEnd", "onBatchEnd", "onTrainEnd"]) {
    const original = callback[hook].bind(callback);
    callback[hook] = async (...args) => {
      const started = performance.now();
      await original(...args);
      insideMs += performance.now() - started;
    };
  }
  return callback;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (let i = 0; i < WARMUP; i++) {
  await fit(false); // warm-up: kernels, JIT
  await fit(true);
}
const without = [];
const withCb = [];
const inside = [];
for (let round = 0; round < ROUNDS; round++) {
  without.push(await fit(false));
  insideMs = 0;
  withCb.push(await fit(true));
  inside.push(insideMs);
}
const ratio = median(withCb) / median(without);
console.log(
  `tfjs fit, 10 epochs × 29 batches, per-batch logging: without ${median(without).toFixed(0)} ms, with ${median(withCb).toFixed(0)} ms (medians of ${ROUNDS}, interleaved)`,
);
console.log(
  `  ratio with/without: ${ratio.toFixed(4)} → overhead ${((ratio - 1) * 100).toFixed(2)} % (target ≤ 2 %)`,
);
console.log(
  `  time inside the callback's hooks: ${median(inside).toFixed(1)} ms per fit = ${((median(inside) / median(without)) * 100).toFixed(2)} % of the baseline fit`,
);
console.log(
  `  runs without: ${without.map((v) => v.toFixed(0)).join(", ")}; with: ${withCb.map((v) => v.toFixed(0)).join(", ")}`,
);
