import type { LayerInfo, ModelInfo, ModelInspectorPlugin } from "../plugins/model-inspector.ts";

interface WeightLike {
  name?: string;
  shape?: readonly (number | null)[];
  dtype?: string;
  val?: { shape?: readonly number[]; dtype?: string; size?: number };
}

interface TfjsLikeModel {
  countParams(): number;
  weights?: readonly WeightLike[];
  name?: string;
}

const BYTES_PER_ELEMENT: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  string: 0,
  float16: 2,
  bfloat16: 2,
  float64: 8,
  int8: 1,
  uint8: 1,
};

function isTfjsLike(model: unknown): model is TfjsLikeModel {
  return (
    typeof model === "object" && model !== null && typeof (model as TfjsLikeModel).countParams === "function"
  );
}

/**
 * Models that expose `countParams()` and `weights` (TensorFlow.js layers models and look-alikes).
 * Memory = Σ elements × bytes of each weight's dtype (float32 when unknown).
 */
export function tfjsLikeInspector(): ModelInspectorPlugin {
  return {
    kind: "model-inspector",
    name: "tfjs-like",
    specVersion: 1,
    inspect(model) {
      if (!isTfjsLike(model)) return undefined;
      const parameterCount = model.countParams();
      const layers: LayerInfo[] = [];
      let memoryBytes = 0;
      for (const [index, weight] of (model.weights ?? []).entries()) {
        const shape = (weight.shape ?? weight.val?.shape ?? []).map((dim) => dim ?? 0);
        const count = shape.reduce((product, dim) => product * dim, 1);
        const dtype = weight.dtype ?? weight.val?.dtype ?? "float32";
        memoryBytes += count * (BYTES_PER_ELEMENT[dtype] ?? 4);
        layers.push({ name: weight.name ?? `weight_${index}`, parameterCount: count, shape, dtype });
      }
      if (layers.length === 0) memoryBytes = parameterCount * 4;
      const info: ModelInfo = { format: "tfjs-layers", parameterCount, memoryBytes, layers };
      return info;
    },
  };
}
