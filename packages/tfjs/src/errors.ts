import { Prov4mlError } from "@prov4ml/core";

/** Something other than a TensorFlow.js `LayersModel` was given where one is needed. */
export class NotALayersModelError extends Prov4mlError {
  constructor(operation: string, got: unknown) {
    super(
      "TFJS_NOT_A_LAYERS_MODEL",
      `${operation} needs a TensorFlow.js LayersModel (tf.sequential() or tf.model(), compiled for training); got ${describe(got)}. Pass the model object itself, not a graph model or its weights.`,
    );
  }
}

/** The callback or logging helper found no run to log to. */
export class NoRunForTfjsError extends Prov4mlError {
  constructor(operation: string) {
    super(
      "TFJS_NO_RUN",
      `${operation}: no prov4ml run is active. Call prov4ml.startRun(...) before fit(), or pass { run } (a Run from createProv4ml().startRun()).`,
    );
  }
}

/** A `tf.data.Dataset`-like object was expected. */
export class NotADatasetError extends Prov4mlError {
  constructor(got: unknown) {
    super(
      "TFJS_NOT_A_DATASET",
      `logTfjsDataset needs a tf.data.Dataset (an object with size, iterator(), take(), batch() and map()); got ${describe(got)}.`,
    );
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return name ? `an object of class ${name}` : "a plain object";
}
