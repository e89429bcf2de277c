/**
 * @prov4ml/tfjs — TensorFlow.js integration for prov4ml: a `fit`/`fitDataset` callback, a
 * LayersModel inspector, model saving into the run, and a `tf.data.Dataset` inspector for `logDataset`.
 *
 * @packageDocumentation
 */
export {
  metricTarget,
  Prov4mlCallback,
  type Prov4mlCallbackOptions,
  prov4mlCallback,
} from "./callback.ts";
export {
  inspectTfjsDataset,
  isTfjsDataset,
  type TfjsDatasetInspection,
  type TfjsDatasetLike,
} from "./dataset.ts";
export { tfjsDatasetInspector } from "./dataset-inspector.ts";
export { NoRunForTfjsError, NotADatasetError, NotALayersModelError } from "./errors.ts";
export { describeLayersModel, type LayerRecord, type LayersDescription } from "./layers-description.ts";
export { tfjsLayersInspector } from "./layers-inspector.ts";
export { type LogTfjsDatasetOptions, logTfjsDataset } from "./log-dataset.ts";
export { type LoggedTfjsModel, type LogTfjsModelOptions, logTfjsModel } from "./log-model.ts";
export { directorySaveHandler, MODEL_JSON, WEIGHTS_BIN } from "./save-handler.ts";
export { isLayersModel, type TfjsLayersModel } from "./tfjs-types.ts";
export { trainingParams } from "./training-params.ts";
