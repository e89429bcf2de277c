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

export {
  ArtifactNotFoundError,
  ArtifactPathError,
  Context,
  type ContextName,
  createProv4ml,
  type EndRunOptions,
  type EndRunResult,
  InvalidArgumentError,
  InvalidMetricValueError,
  InvalidNameError,
  type MetricOptions,
  NoActiveRunError,
  NoCollectorError,
  ParamConflictError,
  PluginError,
  Prov4mlError,
  type Prov4mlPlugin,
  Run,
  RunAlreadyActiveError,
  RunEndedError,
  type StartRunOptions,
  StorageError,
} from "@prov4ml/core";
export { type DefaultPluginOptions, defaultPlugins } from "./default-plugins.ts";
export * from "./facade.ts";
