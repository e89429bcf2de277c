import type { LayerInfo, ModelInfo, ModelInspectorPlugin } from "@prov4ml/core";
import { describeLayersModel } from "./layers-description.ts";
import { isLayersModel } from "./tfjs-types.ts";

/**
 * A model inspector for TensorFlow.js LayersModels: one `LayerInfo` per layer (its name, its
 * parameters, its output shape and dtype) instead of the core's per-weight view. Register it
 * (`createProv4ml({ plugins: [tfjsLayersInspector()] })`, or the facade's `extraPlugins`) and
 * `logModel(model, name)` reports layers; `logTfjsModel` records the full description either way.
 */
export function tfjsLayersInspector(): ModelInspectorPlugin {
  return {
    kind: "model-inspector",
    name: "tfjs-layers",
    specVersion: 1,
    inspect(model): ModelInfo | undefined {
      if (!isLayersModel(model)) return undefined;
      const description = describeLayersModel(model);
      const layers: LayerInfo[] = description.layers.map((layer) => ({
        name: layer.name,
        parameterCount: layer.trainableParams + layer.nonTrainableParams,
        shape: flatShape(layer.outputShape),
        dtype: layer.dtype,
      }));
      return {
        format: "tfjs-layers",
        parameterCount: description.totalParams,
        memoryBytes: description.weightBytes,
        layers,
      };
    },
  };
}

/** LayerInfo keeps one shape of numbers: the first output's, with the batch dimension as 0. */
function flatShape(shape: readonly unknown[]): number[] {
  const first = Array.isArray(shape[0]) ? (shape[0] as unknown[]) : shape;
  return first.map((dim) => (typeof dim === "number" ? dim : 0));
}
