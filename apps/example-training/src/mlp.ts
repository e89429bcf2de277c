import type { Dataset } from "./moons.ts";
import { gaussian, seededRandom } from "./random.ts";

/**
 * A two-layer perceptron (2 → hidden → 1) with tanh and a sigmoid output, trained by plain
 * mini-batch gradient descent on the binary cross-entropy. Its weights are a record of typed
 * arrays, which prov4ml's built-in model inspector measures.
 */
export interface Mlp {
  w1: Float64Array; // hidden × 2
  b1: Float64Array; // hidden
  w2: Float64Array; // hidden
  b2: Float64Array; // 1
}

export function createMlp(hidden: number, seed: number): Mlp {
  const random = seededRandom(seed);
  const w1 = new Float64Array(hidden * 2).map(() => gaussian(random) * Math.sqrt(1 / 2));
  const w2 = new Float64Array(hidden).map(() => gaussian(random) * Math.sqrt(1 / hidden));
  return { w1, b1: new Float64Array(hidden), w2, b2: new Float64Array(1) };
}

function forward(model: Mlp, x0: number, x1: number, hiddenOut: Float64Array): number {
  let z = model.b2[0]!;
  for (let h = 0; h < model.b1.length; h++) {
    const a = Math.tanh(model.w1[2 * h]! * x0 + model.w1[2 * h + 1]! * x1 + model.b1[h]!);
    hiddenOut[h] = a;
    z += model.w2[h]! * a;
  }
  return 1 / (1 + Math.exp(-z));
}

/** One epoch of mini-batch SGD; returns the mean training loss. */
export function trainEpoch(model: Mlp, data: Dataset, learningRate: number, batchSize: number): number {
  const hidden = model.b1.length;
  const activations = new Float64Array(hidden);
  const gw1 = new Float64Array(hidden * 2);
  const gb1 = new Float64Array(hidden);
  const gw2 = new Float64Array(hidden);
  let totalLoss = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    const end = Math.min(start + batchSize, data.count);
    gw1.fill(0);
    gb1.fill(0);
    gw2.fill(0);
    let gb2 = 0;
    for (let i = start; i < end; i++) {
      const x0 = data.features[2 * i]!;
      const x1 = data.features[2 * i + 1]!;
      const y = data.labels[i]!;
      const p = forward(model, x0, x1, activations);
      totalLoss += -(y * Math.log(p + 1e-12) + (1 - y) * Math.log(1 - p + 1e-12));
      const dz = p - y;
      gb2 += dz;
      for (let h = 0; h < hidden; h++) {
        const a = activations[h]!;
        gw2[h]! += dz * a;
        const da = dz * model.w2[h]! * (1 - a * a);
        gw1[2 * h]! += da * x0;
        gw1[2 * h + 1]! += da * x1;
        gb1[h]! += da;
      }
    }
    const scale = learningRate / (end - start);
    for (let k = 0; k < gw1.length; k++) model.w1[k]! -= scale * gw1[k]!;
    for (let h = 0; h < hidden; h++) {
      model.b1[h]! -= scale * gb1[h]!;
      model.w2[h]! -= scale * gw2[h]!;
    }
    model.b2[0]! -= scale * gb2;
  }
  return totalLoss / data.count;
}

/** Mean loss and accuracy on a dataset. */
export function evaluate(model: Mlp, data: Dataset): { loss: number; accuracy: number } {
  const activations = new Float64Array(model.b1.length);
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < data.count; i++) {
    const p = forward(model, data.features[2 * i]!, data.features[2 * i + 1]!, activations);
    const y = data.labels[i]!;
    loss += -(y * Math.log(p + 1e-12) + (1 - y) * Math.log(1 - p + 1e-12));
    if ((p >= 0.5 ? 1 : 0) === y) correct++;
  }
  return { loss: loss / data.count, accuracy: correct / data.count };
}
