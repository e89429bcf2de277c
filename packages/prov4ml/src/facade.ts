/**
 * The seed-style API: module-level functions over one default run, as in yProv4ML
 * (`prov4ml.startRun(...)`, `prov4ml.logMetric(...)`, `prov4ml.endRun()`). This module holds the
 * only global state in prov4ml — the current instance and run. For several runs at once, use
 * `createProv4ml({ plugins })` and the `Run` objects it returns.
 */
import {
  type ArtifactEvent,
  type ArtifactOptions,
  createProv4ml,
  type DatasetDescription,
  type DatasetEvent,
  type DatasetOptions,
  type EndRunResult,
  type InspectableDataset,
  type MetricOptions,
  type ModelEvent,
  type ModelOptions,
  NoActiveRunError,
  type PluginOption,
  type Prov4ml,
  type Run,
  RunAlreadyActiveError,
  type StartRunOptions,
} from "@prov4ml/core";
import { type DefaultPluginOptions, defaultPlugins } from "./default-plugins.ts";
import { type FacadeEndRunOptions, finishExtras } from "./end-run-extras.ts";

export interface FacadeStartRunOptions extends StartRunOptions, DefaultPluginOptions {
  /** Replace the default plugins (the file-system backend and the exporters). */
  plugins?: readonly PluginOption[];
  /** Add plugins to the defaults (a custom backend, a collector). */
  extraPlugins?: readonly PluginOption[];
}

let instance: Prov4ml | undefined;
let current: Run | undefined;

function activeRun(operation: string): Run {
  // A run ended by a signal still takes (and ignores) the training loop's last calls.
  if (current && (current.isActive || current.ignoresLateCalls)) return current;
  throw new NoActiveRunError(operation);
}

/** Starts the run that the module-level functions log to. One at a time. */
export async function startRun(options: FacadeStartRunOptions): Promise<Run> {
  if (current?.isActive) throw new RunAlreadyActiveError(current.runName);
  const { plugins, extraPlugins, mlflow, country, mlflowSaveDir, ...runOptions } = options;
  const defaults = () => defaultPlugins({ mlflowSaveDir, mlflow, country });
  instance = createProv4ml({ plugins: [plugins ?? defaults(), ...(extraPlugins ?? [])] });
  current = await instance.startRun(runOptions);
  return current;
}

/**
 * Ends the current run; the result names the files written (`provJsonPath`, `runDir`, and
 * `files["ro-crate"]` with `createRoCrate`). When the run went to MLflow, its report is uploaded
 * among the MLflow run's artifacts (`mlflowReport: false` turns that off).
 */
export async function endRun(options: FacadeEndRunOptions = {}): Promise<EndRunResult> {
  if (current === undefined || instance === undefined) throw new NoActiveRunError("endRun");
  const run = current;
  const { createRoCrate, mlflowReport, ...runOptions } = options;
  const result = await run.endRun(runOptions);
  return finishExtras(result, { createRoCrate, mlflowReport }, instance.plugins);
}

/** The current run, or undefined when none is active. */
export function getCurrentRun(): Run | undefined {
  return current?.isActive ? current : undefined;
}

export function logParam(key: string, value: unknown, context?: string): void {
  activeRun("logParam").logParam(key, value, context);
}

export function logParams(params: Record<string, unknown>, context?: string): void {
  activeRun("logParams").logParams(params, context);
}

export function logMetric(
  name: string,
  value: number,
  context?: string,
  options?: number | MetricOptions,
): void {
  activeRun("logMetric").logMetric(name, value, context, options);
}

export function logMetrics(
  metrics: Record<string, number>,
  context?: string,
  options?: number | MetricOptions,
): void {
  activeRun("logMetrics").logMetrics(metrics, context, options);
}

export function logCurrentExecutionTime(
  label: string,
  context?: string,
  options?: number | MetricOptions,
): void {
  activeRun("logCurrentExecutionTime").logCurrentExecutionTime(label, context, options);
}

export function logContext(name: string, options?: { parent?: string }): void {
  activeRun("logContext").logContext(name, options);
}

export function setTag(key: string, value: string): void {
  activeRun("setTag").setTag(key, value);
}

/**
 * Records a file or directory with its size and SHA-256, copied into the run's artifacts; with
 * `{ isInput: true }` a file the run used (PROV `used`), referenced where it lies, not copied.
 */
export function logArtifact(path: string, options?: ArtifactOptions): Promise<ArtifactEvent> {
  return activeRun("logArtifact").logArtifact(path, options);
}

/**
 * Logs a dataset the current run uses: an array-like (`total_samples`), a `{ stats, source, digest }`
 * description, or a dataset object a registered dataset inspector describes — a `tf.data.Dataset`
 * with `extraPlugins: [tfjsDatasetInspector()]` from `@prov4ml/tfjs` records its `size` and element
 * spec. Anything else throws `UnrecognizedDatasetError`. `endRun` waits for the promise.
 */
export function logDataset(
  label: string,
  dataset?: DatasetDescription | InspectableDataset,
  options?: DatasetOptions,
): Promise<DatasetEvent> {
  return activeRun("logDataset").logDataset(label, dataset, options);
}

/**
 * Logs a model: its parameter count and memory footprint, and optionally a saved file. The third
 * argument is the options, or a boolean as in yProv4ML's `log_model(model, name, log_model_info)`:
 * `false` records the model without its info.
 */
export function logModel(
  model: unknown,
  name: string,
  options?: ModelOptions | boolean,
): Promise<ModelEvent> {
  const modelOptions = typeof options === "boolean" ? { logModelInfo: options } : options;
  return activeRun("logModel").logModel(model, name, modelOptions);
}

export function logSystemMetrics(context?: string, options?: number | MetricOptions): Promise<void> {
  return activeRun("logSystemMetrics").logSystemMetrics(context, options);
}

export function logCarbonMetrics(context?: string, options?: number | MetricOptions): Promise<void> {
  return activeRun("logCarbonMetrics").logCarbonMetrics(context, options);
}

/** Hands everything logged so far to the backends and waits until they have it. */
export function flush(): Promise<void> {
  return activeRun("flush").forceFlush();
}
