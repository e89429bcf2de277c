import { performance } from "node:perf_hooks";
import { Context } from "../context.ts";
import type { ArtifactEvent, DatasetEvent, ModelEvent } from "../plugins/events.ts";
import type { RunInfo, RunStatus } from "../plugins/run-info.ts";
import type { ProvDocument } from "../prov/document.ts";
import { declareContext, recordParam, recordParams, recordTag } from "./contexts-and-params.ts";
import { recordDataset } from "./dataset-recording.ts";
import { recordArtifact, recordModel } from "./input-output-logging.ts";
import type {
  ArtifactOptions,
  DatasetDescription,
  DatasetOptions,
  InspectableDataset,
  ModelOptions,
} from "./logging-options.ts";
import type { MetricLogging } from "./metric-logging.ts";
import type { MetricOptions } from "./metric-options.ts";
import type { EndRunOptions, EndRunResult } from "./options.ts";
import { assembleRun, endingRun, type RunPieces } from "./run-assembly.ts";
import { buildRunDocument } from "./run-document.ts";
import { finishRun, finishRunSync } from "./run-end.ts";
import type { RunLifecycle } from "./run-lifecycle.ts";
import type { RunParts } from "./run-parts.ts";

/**
 * One run: what a training logs, kept as a PROV graph, delivered to backends in batches.
 * Logging calls are synchronous and never wait for I/O; artifacts, models and collector samples
 * return promises (await them, or let `endRun` wait for them). The work is done by parts in their
 * own files: the series store (metric hot path), collector sampling, backend delivery, the
 * document builder and the run's end.
 */
export class Run {
  readonly info: RunInfo;
  private readonly pieces: RunPieces;
  // The hot path's parts, one property load away.
  private readonly metrics: MetricLogging;
  private readonly lifecycle: RunLifecycle;
  private readonly startMonotonic = performance.now();

  constructor(parts: RunParts) {
    this.info = parts.info;
    this.pieces = assembleRun(parts);
    this.metrics = this.pieces.metrics;
    this.lifecycle = this.pieces.lifecycle;
  }

  get runName(): string {
    return this.info.runName;
  }
  get runId(): string {
    return this.info.runId;
  }
  get runDir(): string {
    return this.info.runDir;
  }
  get experimentName(): string {
    return this.info.experimentName;
  }
  /** RUNNING until `endRun` settles the final status. */
  get status(): RunStatus {
    return this.pieces.state.status;
  }
  get isActive(): boolean {
    return this.lifecycle.active;
  }

  // ---------------------------------------------------------------- params, tags, contexts

  /** Records a hyper-parameter. Logging a key again with the same value is a no-op; a new value is an error. */
  logParam(key: string, value: unknown, context?: string): void {
    if (this.assertActive("logParam")) recordParam(this.pieces.host, key, value, context);
  }

  /** Records several params; all are checked before any is recorded. */
  logParams(params: Record<string, unknown>, context?: string): void {
    if (this.assertActive("logParams")) recordParams(this.pieces.host, params, context);
  }

  /** Sets a run tag (overwritable, as in MLflow). */
  setTag(key: string, value: string): void {
    if (this.assertActive("setTag")) recordTag(this.pieces.host, key, value);
  }

  /** Declares a context, optionally below a parent context (the run by default). */
  logContext(name: string, options: { parent?: string } = {}): void {
    if (this.assertActive("logContext")) declareContext(this.pieces.host, name, options.parent);
  }

  // ---------------------------------------------------------------- metrics (hot path)

  /**
   * Logs one metric point. Synchronous and allocation-free once the series exists: the point is
   * appended to typed arrays and delivered with the next flush. NaN and ±Infinity are accepted
   * (as MLflow does) and stored losslessly.
   */
  logMetric(
    name: string,
    value: number,
    context: string = Context.TRAINING,
    options?: number | MetricOptions,
  ): void {
    if (this.lifecycle.assertActive("logMetric")) this.metrics.logMetric(name, value, context, options);
  }

  /** Logs several metrics at one step. */
  logMetrics(
    metrics: Record<string, number>,
    context: string = Context.TRAINING,
    options?: number | MetricOptions,
  ): void {
    if (this.assertActive("logMetrics")) this.metrics.logMetrics(metrics, context, options);
  }

  /**
   * Logs, as a metric named `label`, the seconds elapsed since the run started, read from the
   * monotonic clock (so wall-clock changes do not distort it). Log it at the end of each epoch
   * and the differences between consecutive points are the epoch durations.
   */
  logCurrentExecutionTime(
    label: string,
    context: string = Context.TRAINING,
    options?: number | MetricOptions,
  ): void {
    if (!this.assertActive("logCurrentExecutionTime")) return;
    const seconds = (performance.now() - this.startMonotonic) / 1000;
    this.metrics.logExecutionTime(label, seconds, context, options);
  }

  // ---------------------------------------------------------------- collectors

  /**
   * Takes one sample of every `system` collector (memory, disk, CPU, GPU use).
   * @deprecated Kept for the facade; use `collect("system", …)`. The core knows no group names.
   */
  logSystemMetrics(context: string = Context.TRAINING, options?: number | MetricOptions): Promise<void> {
    return this.collect("system", context, options);
  }

  /**
   * Takes one reading of every `carbon` collector (cumulative energy and emissions).
   * @deprecated Kept for the facade; use `collect("carbon", …)`. The core knows no group names.
   */
  logCarbonMetrics(context: string = Context.TRAINING, options?: number | MetricOptions): Promise<void> {
    return this.collect("carbon", context, options);
  }

  /** Samples every collector of a group and logs what they return, under the group's name as source. */
  collect(
    group: string,
    context: string = Context.TRAINING,
    options?: number | MetricOptions,
  ): Promise<void> {
    if (!this.assertActive(`collect(${group})`)) return Promise.resolve();
    return this.pieces.sampling.collect(group, context, options);
  }

  // ---------------------------------------------------------------- artifacts, datasets, models

  /**
   * Records a file or directory, copied into `artifacts_GR<rank>/<name>` (or only referenced with
   * `copy: false`), with its size and SHA-256. With `{ isInput: true }` the context *used* the
   * file (a dataset file, a config, a model from another run): PROV `used`, referenced in place,
   * not copied (`copy: true` copies it anyway). The name is checked synchronously: a name that
   * would escape the run directory throws before anything is written.
   */
  logArtifact(path: string, options: ArtifactOptions = {}): Promise<ArtifactEvent> {
    if (!this.assertActive("logArtifact")) return Promise.resolve(undefined as never);
    return recordArtifact(this.pieces.host, path, options);
  }

  /**
   * Records a dataset used by a context (PROV `used`), with its stats: those given
   * (`{ stats, source, digest }`), `total_samples` for an array-like, or what a registered
   * dataset inspector reads from a dataset object — for a `tf.data.Dataset` with
   * `tfjsDatasetInspector()` from `@prov4ml/tfjs`: `size` and the element spec (see
   * `datasetInfoStats`). An object nothing recognises throws `UnrecognizedDatasetError` at the call.
   * The promise settles once the dataset is recorded (at once, unless an inspector reads the
   * dataset); `endRun` waits for it, so it need not be awaited.
   */
  logDataset(
    label: string,
    dataset: DatasetDescription | InspectableDataset = {},
    options: DatasetOptions = {},
  ): Promise<DatasetEvent> {
    if (!this.assertActive("logDataset")) return Promise.resolve(undefined as never);
    return recordDataset(this.pieces.host, label, dataset, options);
  }

  /**
   * Records a model: its parameter count and memory footprint from the first model inspector
   * that recognises it (TensorFlow.js-like objects, records of typed arrays, a file on disk),
   * and optionally a saved file copied into the run. With `{ isInput: true }` the context *used*
   * the model (an evaluation): PROV `used`, its file referenced, not copied. `false` in place of
   * the options turns model info off (the seed's positional `log_model_info = False`).
   */
  logModel(model: unknown, name: string, options: ModelOptions | boolean = {}): Promise<ModelEvent> {
    if (!this.assertActive("logModel")) return Promise.resolve(undefined as never);
    return recordModel(this.pieces.host, model, name, options);
  }

  // ---------------------------------------------------------------- delivery

  /** Hands everything logged so far to the backends; a backend that is busy gets it queued, in order. */
  flush(): Promise<void> {
    return this.pieces.flusher.flush();
  }

  /** Waits until every backend has delivered (or durably spooled) everything logged so far. */
  async forceFlush(): Promise<void> {
    await this.pieces.pending.settle();
    await this.pieces.flusher.flush();
    await this.pieces.delivery.forceFlush();
  }

  /** Writes a provisional document (status RUNNING) through the backends that keep documents. */
  checkpoint(): Promise<void> {
    return this.pieces.flusher.checkpoint();
  }

  // ---------------------------------------------------------------- end

  /** The PROV document of the run as it stands now. */
  document(): ProvDocument {
    return buildRunDocument(this.pieces.state);
  }

  /**
   * Ends the run (see run-end.ts): waits for pending artifacts and samples, collects collector
   * totals, delivers the last metrics, renders the PROV document (and DOT/SVG on request) and
   * closes every backend. Calling it twice is an error; it never throws for backend failures
   * (see `warnings`).
   */
  endRun(options: EndRunOptions = {}): Promise<EndRunResult> {
    return this.lifecycle.end(options.ignoreLateCalls ?? false, () =>
      finishRun(endingRun(this.pieces), options).finally(() => this.pieces.parts.onEnded()),
    );
  }

  /**
   * Ends the run with synchronous I/O, for the process's `exit` event (`process.exit()` without
   * `endRun`): the points not yet written are appended and the final document written by the
   * backends that can (see `BackendSession.closeSync`). Nothing pending (artifacts, samples) is
   * waited for. A no-op once `endRun` has started.
   */
  endRunSync(status: "FINISHED" | "FAILED" = "FINISHED"): void {
    const pieces = this.pieces;
    if (this.lifecycle.endSync(() => finishRunSync(endingRun(pieces), status))) pieces.parts.onEnded();
  }

  /** Resolves when an ongoing `endRun` (for example from a signal) completes. */
  get ended(): Promise<EndRunResult> | undefined {
    return this.lifecycle.ended;
  }

  /** True when the call may proceed; false for a late call to ignore; throws otherwise. */
  private assertActive(operation: string): boolean {
    return this.lifecycle.assertActive(operation);
  }

  /** True after an end that asked to ignore late calls (see `EndRunOptions.ignoreLateCalls`). */
  get ignoresLateCalls(): boolean {
    return this.lifecycle.ignoresLateCalls;
  }
}
