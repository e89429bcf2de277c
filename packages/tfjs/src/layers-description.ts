import type { TfjsLayersModel, TfjsVariable } from "./tfjs-types.ts";

/** One layer as recorded in `<model>_layers_description.json`. */
export interface LayerRecord {
  readonly name: string;
  readonly className: string;
  /** Output shape with `null` for the batch (or any unknown) dimension. */
  readonly outputShape: readonly (number | null)[] | readonly (readonly (number | null)[])[];
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  readonly dtype: string;
}

/** What the LayersModel inspector finds, and what `logTfjsModel` records. */
export interface LayersDescription {
  readonly modelName: string;
  readonly modelClass: string;
  readonly layers: readonly LayerRecord[];
  readonly totalParams: number;
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  /** Bytes the weights occupy (elements × bytes of their dtype). */
  readonly weightBytes: number;
  /**
   * yProv4ML's training estimate: every parameter once as a weight, once as a gradient and once
   * as an optimizer slot, 4 bytes each (`total_memory_load_of_model`).
   */
  readonly trainingMemoryBytes: number;
}

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };

/** yProv4ML's per-parameter bytes: weight + gradient + optimizer state, 32 bits each. */
const TRAINING_BYTES_PER_PARAM = 4 + 4 + 4;

function elements(variable: TfjsVariable): number {
  return variable.shape.reduce<number>((product, dim) => product * (dim ?? 0), 1);
}

function bytesOf(variables: readonly TfjsVariable[]): number {
  return variables.reduce((sum, v) => sum + elements(v) * (BYTES_PER_ELEMENT[v.dtype] ?? 4), 0);
}

/** Describes a LayersModel layer by layer; the counts are tfjs's own (`countParams`). */
export function describeLayersModel(model: TfjsLayersModel): LayersDescription {
  // The InputLayer holds no weights and Sequential.layers leaves it out: do the same for functional models.
  const modelLayers = model.layers.filter((layer) => layer.getClassName() !== "InputLayer");
  const layers: LayerRecord[] = modelLayers.map((layer) => ({
    name: layer.name,
    className: layer.getClassName(),
    outputShape: layer.outputShape,
    trainableParams: layer.trainableWeights.reduce((sum, v) => sum + elements(v), 0),
    nonTrainableParams: layer.nonTrainableWeights.reduce((sum, v) => sum + elements(v), 0),
    // tfjs sets Layer.dtype only on layers built with an input shape; weights always have one.
    dtype:
      layer.dtype ?? layer.trainableWeights[0]?.dtype ?? layer.nonTrainableWeights[0]?.dtype ?? "float32",
  }));
  const trainableParams = layers.reduce((sum, layer) => sum + layer.trainableParams, 0);
  const nonTrainableParams = layers.reduce((sum, layer) => sum + layer.nonTrainableParams, 0);
  const totalParams = model.countParams();
  const weightBytes = modelLayers.reduce(
    (sum, layer) => sum + bytesOf(layer.trainableWeights) + bytesOf(layer.nonTrainableWeights),
    0,
  );
  return {
    modelName: model.name,
    modelClass: model.getClassName(),
    layers,
    totalParams,
    trainableParams,
    nonTrainableParams,
    weightBytes,
    trainingMemoryBytes: totalParams * TRAINING_BYTES_PER_PARAM,
  };
}
