/**
 * prov4ml — provenance for machine-learning experiments: params, metrics, models, datasets,
 * artifacts, system use and carbon, recorded as a W3C PROV graph and sent to MLflow.
 *
 * ```ts
 * import * as prov4ml from "prov4ml";
 * await prov4ml.startRun({ experimentName: "mnist_mlp", provenanceSaveDir: "prov" });
 * prov4ml.logParam("learning_rate", 0.001);
 * prov4ml.logMetric("loss", 0.5, prov4ml.Context.TRAINING, { step: 0 });
 * const { provJsonPath } = await prov4ml.endRun();
 * ```
 *
 * @packageDocumentation
 */

// The types a training script annotates its own code with, so that it needs no @prov4ml/core import.
export type {
  ArtifactEvent,
  ArtifactOptions,
  BackendPlugin,
  BuiltinContext,
  CollectorPlugin,
  ContextName,
  DatasetDescription,
  DatasetElementField,
  DatasetEvent,
  DatasetInfo,
  DatasetInspectorPlugin,
  DatasetOptions,
  EndRunOptions,
  EndRunResult,
  ExporterPlugin,
  InspectableDataset,
  MetricOptions,
  ModelEvent,
  ModelInfo,
  ModelInspectorPlugin,
  ModelOptions,
  ParamEvent,
  PluginOption,
  Prov4ml,
  Prov4mlPlugin,
  RunEvent,
  RunInfo,
  RunStatus,
  SamplerOptions,
  StartRunOptions,
} from "@prov4ml/core";
export {
  ArtifactNotFoundError,
  ArtifactPathError,
  Context,
  createProv4ml,
  InvalidArgumentError,
  InvalidMetricValueError,
  InvalidNameError,
  NoActiveRunError,
  NoCollectorError,
  ParamConflictError,
  PluginError,
  Prov4mlError,
  Run,
  RunAlreadyActiveError,
  RunEndedError,
  StorageError,
  UnrecognizedDatasetError,
  UnusableDirectoryError,
} from "@prov4ml/core";
export { type DefaultPluginOptions, defaultPlugins } from "./default-plugins.ts";
export type { FacadeEndRunOptions } from "./end-run-extras.ts";
export {
  endRun,
  type FacadeStartRunOptions,
  flush,
  getCurrentRun,
  logArtifact,
  logCarbonMetrics,
  logContext,
  logCurrentExecutionTime,
  logDataset,
  logMetric,
  logMetrics,
  logModel,
  logParam,
  logParams,
  logSystemMetrics,
  setTag,
  startRun,
} from "./facade.ts";
