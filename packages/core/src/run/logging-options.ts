/** Options of the run's logging calls for artifacts, models and datasets. */

export interface ArtifactOptions {
  /** Path inside the run's artifacts directory; default the file's base name. */
  name?: string;
  context?: string;
  /** Copy into the run directory (default for outputs) or only reference the original (default for inputs). */
  copy?: boolean;
  /**
   * The artifact is an input of the context (`used`, with its SHA-256) rather than an output
   * (`wasGeneratedBy`): referenced where it lies, not copied, unless `copy: true`.
   */
  isInput?: boolean;
  isModel?: boolean;
  /**
   * The name of a model (logged with `logModel`) this file is part of — a file of a saved model
   * directory logged on its own for its size and SHA-256. Backends that store the model's files
   * with the model (MLflow LoggedModels) then do not upload it a second time. Implies `isModel`.
   */
  model?: string;
}

export interface ModelOptions {
  context?: string;
  /** Record parameter count and memory footprint (default true). */
  logModelInfo?: boolean;
  /** A saved model file to store with it (copied into the run's artifacts, or referenced when `isInput`). */
  file?: string;
  /**
   * The model is an input of the context (an evaluation run that *uses* a trained model): PROV
   * `used` instead of `wasGeneratedBy`, and its file is referenced in place, never copied.
   */
  isInput?: boolean;
}

export interface DatasetOptions {
  context?: string;
  source?: string;
  digest?: string;
}

/**
 * What `logDataset` records without an inspector: stats given explicitly, or an array-like, whose
 * length is recorded as `total_samples`.
 */
export type DatasetDescription =
  | { stats?: Record<string, string | number | boolean>; source?: string; digest?: string }
  | ArrayLike<unknown>;

/**
 * A dataset object that a registered dataset-inspector plugin describes: a `tf.data.Dataset` with
 * `tfjsDatasetInspector()` from `@prov4ml/tfjs`, for instance. An object that no inspector
 * recognises is refused with `UnrecognizedDatasetError`, never recorded empty.
 */
export type InspectableDataset = object;

/** True for arrays, typed arrays and objects with a numeric `length` (a dataset's size). */
export function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return (
    Array.isArray(value) ||
    ArrayBuffer.isView(value) ||
    (typeof value === "object" &&
      value !== null &&
      typeof (value as { length?: unknown }).length === "number")
  );
}
