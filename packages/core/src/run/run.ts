import { performance } from "node:perf_hooks";
import { Context } from "../context.ts";
import { InvalidMetricValueError, RunEndedError } from "../errors.ts";
import { MetricStore } from "../metrics/metric-store.ts";
import type { MillisecondClock } from "../metrics/millisecond-clock.ts";
import type { ArtifactEvent, DatasetEvent, ModelEvent, RunEvent } from "../plugins/events.ts";
import type { RunInfo, RunStatus } from "../plugins/run-info.ts";
import type { ProvDocument } from "../prov/document.ts";
import { BackendDelivery } from "./backend-delivery.ts";
import { CollectorSampling, type SamplingHost } from "./collector-sampling.ts";
import {
  declareContext,
  type RecordsHost,
  recordParam,
  recordParams,
  recordTag,
  touchContext,
} from "./contexts-and-params.ts";
import { type DatasetHost, recordDataset } from "./dataset-recording.ts";
import { type RecordingHost, recordArtifact, recordModel } from "./input-output-logging.ts";
import type {
  ArtifactOptions,
  DatasetDescription,
  DatasetOptions,
  InspectableDataset,
  ModelOptions,
} from "./logging-options.ts";
import { type MetricOptions, normalizeMetricOptions } from "./metric-options.ts";
import { checkName } from "./names.ts";
import type { EndRunOptions, EndRunResult } from "./options.ts";
import { PendingWork } from "./pending-work.ts";
import { buildRunDocument } from "./run-document.ts";
import { finishRun, finishRunSync } from "./run-end.ts";
import { RunFlusher } from "./run-flusher.ts";
import { newRunState, type RunParts } from "./run-parts.ts";
import type { RunState } from "./run-state.ts";
import { RunWarnings } from "./run-warnings.ts";
import { readSourceCode } from "./source-code.ts";

/** Source recorded for metrics the user logs directly. */
export const USER_METRIC_SOURCE = "prov4ml";
/** Source of `logCurrentExecutionTime` values. */
export const EXECUTION_TIME_SOURCE = "execution_time";
/** Pending points that trigger a flush before the timer fires, to bound memory in tight loops. */
const EARLY_FLUSH_POINTS = 16_384;

/** What the run's parts may see of it. */
type RunHost = SamplingHost & RecordingHost & DatasetHost & RecordsHost;

/**
 * One run: what a training logs, kept as a PROV graph, delivered to backends in batches.
 * Logging calls are synchronous and never wait for I/O; artifacts, models and collector samples
 * return promises (await them, or let `endRun` wait for them). The work is done by parts in their
 * own files: the series store (metric hot path), collector sampling, backend delivery, the
 * document builder and the run's end.
 */
export class Run {
  readonly info: RunInfo;
  private readonly state: RunState;
  private readonly store = new MetricStore();
  private readonly delivery: BackendDelivery;
  private readonly sampling: CollectorSampling;
  private readonly pending = new PendingWork();
  private readonly warnings: RunWarnings;
  private readonly parts: RunParts;
  private readonly flusher: RunFlusher;
  private readonly flushTimer: NodeJS.Timeout;
  private readonly startMonotonic = performance.now();
  private ending: Promise<EndRunResult> | undefined;
  private ignoreLateCalls = false;
  private readonly sourceCodeReady: Promise<void>;
  private readonly clock: MillisecondClock;
  private readonly host: RunHost;

  constructor(parts: RunParts) {
    this.parts = parts;
    this.info = parts.info;
    this.clock = parts.clock;
    this.warnings = new RunWarnings(parts.info.logger);
    this.delivery = new BackendDelivery(parts.backends, (message) => this.warnings.warn(message));
    this.state = newRunState(parts, () => this.store.series());
    if (this.delivery.watchesChunks) {
      this.store.watchChunks((key, chunk) =>
        this.delivery.watchChunk({
          key,
          cursor: chunk.cursor,
          capacity: chunk.capacity,
          steps: chunk.steps,
          values: chunk.values,
          timestamps: chunk.timestamps,
        }),
      );
    }
    this.flusher = new RunFlusher(
      this.state,
      this.store,
      this.delivery,
      parts.exporters,
      parts.checkpointIntervalMs,
      (message) => this.warnings.warn(message),
    );
    this.host = this.createHost();
    this.sampling = new CollectorSampling(parts.collectors, this.host);
    this.sourceCodeReady = parts.logSourceCode
      ? readSourceCode().then((info) => {
          this.state.sourceCode = info;
        })
      : Promise.resolve();
    this.flushTimer = setInterval(() => void this.flush(), parts.flushIntervalMs);
    this.flushTimer.unref();
    for (const [group, options] of Object.entries(parts.samplers))
      if (options) this.sampling.start(group, options);
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
    return this.state.status;
  }
  get isActive(): boolean {
    return this.ending === undefined;
  }

  // ---------------------------------------------------------------- params, tags, contexts

  /** Records a hyper-parameter. Logging a key again with the same value is a no-op; a new value is an error. */
  logParam(key: string, value: unknown, context?: string): void {
    if (this.assertActive("logParam")) recordParam(this.host, key, value, context);
  }

  /** Records several params; all are checked before any is recorded. */
  logParams(params: Record<string, unknown>, context?: string): void {
    if (this.assertActive("logParams")) recordParams(this.host, params, context);
  }

  /** Sets a run tag (overwritable, as in MLflow). */
  setTag(key: string, value: string): void {
    if (this.assertActive("setTag")) recordTag(this.host, key, value);
  }

  /** Declares a context, optionally below a parent context (the run by default). */
  logContext(name: string, options: { parent?: string } = {}): void {
    if (this.assertActive("logContext")) declareContext(this.host, name, options.parent);
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
    if (this.ending !== undefined) {
      if (this.ignoreLateCalls) return;
      throw new RunEndedError(this.info.runName, "logMetric");
    }
    if (typeof value !== "number") throw new InvalidMetricValueError(String(name), value);
    let step: number | undefined;
    let timestamp: number | undefined;
    let source = USER_METRIC_SOURCE;
    if (typeof options === "number" && Number.isSafeInteger(options)) step = options;
    else if (
      typeof options === "object" &&
      options !== null &&
      Number.isSafeInteger(options.step) &&
      options.timestamp === undefined &&
      options.source === undefined
    ) {
      step = options.step; // the seed's `{ step: epoch }`, without the general checks
    } else if (options !== undefined) {
      const normalized = normalizeMetricOptions(options);
      step = normalized.step;
      timestamp = normalized.timestamp;
      if (normalized.source !== undefined) source = checkName("metric source", normalized.source);
    }
    this.appendPoint(name, value, context, source, step, timestamp);
  }

  /**
   * Appends one point without the "run still active" check: `logMetric` does that check, and
   * collector samples already in flight when `endRun` starts still land (until the last flush).
   */
  private appendPoint(
    name: string,
    value: number,
    context: string,
    source: string,
    step: number | undefined,
    timestamp: number | undefined,
  ): void {
    let series = this.store.find(name, context, source);
    if (series === undefined) {
      checkName("metric", name);
      checkName("context", context);
      touchContext(this.host, context);
      series = this.store.create(name, context, source);
    }
    series.append(step ?? series.summary.count, value, timestamp ?? this.clock.now());
    if (this.store.notePoint() >= EARLY_FLUSH_POINTS) void this.flush();
  }

  /** Logs several metrics at one step. */
  logMetrics(
    metrics: Record<string, number>,
    context: string = Context.TRAINING,
    options?: number | MetricOptions,
  ): void {
    if (!this.assertActive("logMetrics")) return;
    const normalized = normalizeMetricOptions(options);
    const timestamp = normalized.timestamp ?? this.clock.now();
    const source =
      normalized.source === undefined ? USER_METRIC_SOURCE : checkName("metric source", normalized.source);
    // All or nothing: every point is checked before the first is logged; then each is appended
    // directly, without `logMetric` normalising the same options once per entry again.
    checkName("context", context);
    const entries = Object.entries(metrics);
    for (const [name, value] of entries) {
      checkName("metric", name);
      if (typeof value !== "number") throw new InvalidMetricValueError(name, value);
    }
    for (const [name, value] of entries)
      this.appendPoint(name, value, context, source, normalized.step, timestamp);
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
    // Normalised once here; its source is fixed, so `logMetric`'s checks would only repeat it.
    const { step, timestamp } = normalizeMetricOptions(options);
    this.appendPoint(label, seconds, context, EXECUTION_TIME_SOURCE, step, timestamp);
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
    return this.sampling.collect(group, context, options);
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
    return recordArtifact(this.host, path, options);
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
    return recordDataset(this.host, label, dataset, options);
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
    return recordModel(this.host, model, name, options);
  }

  // ---------------------------------------------------------------- delivery

  private pushEvent(event: RunEvent): void {
    this.flusher.push(event);
  }

  /** Hands everything logged so far to the backends; a backend that is busy gets it queued, in order. */
  flush(): Promise<void> {
    return this.flusher.flush();
  }

  /** Waits until every backend has delivered (or durably spooled) everything logged so far. */
  async forceFlush(): Promise<void> {
    await this.pending.settle();
    await this.flusher.flush();
    await this.delivery.forceFlush();
  }

  /** Writes a provisional document (status RUNNING) through the backends that keep documents. */
  checkpoint(): Promise<void> {
    return this.flusher.checkpoint();
  }

  // ---------------------------------------------------------------- end

  /** The PROV document of the run as it stands now. */
  document(): ProvDocument {
    return buildRunDocument(this.state);
  }

  /**
   * Ends the run (see run-end.ts): waits for pending artifacts and samples, collects collector
   * totals, delivers the last metrics, renders the PROV document (and DOT/SVG on request) and
   * closes every backend. Calling it twice is an error; it never throws for backend failures
   * (see `warnings`).
   */
  endRun(options: EndRunOptions = {}): Promise<EndRunResult> {
    if (this.ending !== undefined) return Promise.reject(new RunEndedError(this.info.runName, "endRun"));
    this.ignoreLateCalls = options.ignoreLateCalls ?? false;
    this.ending = finishRun(this.endingParts(), options).finally(() => this.parts.onEnded());
    return this.ending;
  }

  /**
   * Ends the run with synchronous I/O, for the process's `exit` event (`process.exit()` without
   * `endRun`): the points not yet written are appended and the final document written by the
   * backends that can (see `BackendSession.closeSync`). Nothing pending (artifacts, samples) is
   * waited for. A no-op once `endRun` has started.
   */
  endRunSync(status: "FINISHED" | "FAILED" = "FINISHED"): void {
    if (this.ending !== undefined) return;
    this.ignoreLateCalls = true;
    const files = finishRunSync(this.endingParts(), status);
    this.ending = Promise.resolve({
      runName: this.info.runName,
      runId: this.info.runId,
      runDir: this.info.runDir,
      status,
      provJsonPath: files["prov-json"],
      files,
      totals: {},
      backendInfo: {},
      warnings: this.warnings.list(),
    });
    this.parts.onEnded();
  }

  /** Resolves when an ongoing `endRun` (for example from a signal) completes. */
  get ended(): Promise<EndRunResult> | undefined {
    return this.ending;
  }

  /** True when the call may proceed; false for a late call to ignore; throws otherwise. */
  private assertActive(operation: string): boolean {
    if (this.ending === undefined) return true;
    if (this.ignoreLateCalls) return false;
    throw new RunEndedError(this.info.runName, operation);
  }

  /** True after an end that asked to ignore late calls (see `EndRunOptions.ignoreLateCalls`). */
  get ignoresLateCalls(): boolean {
    return this.ignoreLateCalls;
  }

  // ---------------------------------------------------------------- the parts' views of the run

  /** The one view of the run its parts share (they never see the class itself). */
  private createHost(): RunHost {
    const run = this;
    return {
      state: run.state,
      inspectors: run.parts.inspectors,
      datasetInspectors: run.parts.datasetInspectors,
      appendPoint: (name, value, context, source, step, timestamp) =>
        run.appendPoint(name, value, context, source, step, timestamp),
      get finalFlushDone() {
        return run.state.endTime !== undefined;
      },
      get ending() {
        return run.ending !== undefined;
      },
      now: () => run.clock.now(),
      noteUnavailable: (description) => run.state.unavailableSources.add(description),
      touchContext: (name) => touchContext(run.host, name),
      pushEvent: (event) => run.pushEvent(event),
      track: (promise) => run.pending.track(promise),
      warn: (message) => run.warnings.warn(message),
      warnOnce: (message) => run.warnings.warnOnce(message),
    };
  }

  private endingParts(): Parameters<typeof finishRun>[0] {
    return {
      info: this.info,
      state: this.state,
      pending: this.pending,
      sourceCodeReady: this.sourceCodeReady,
      sampling: this.sampling,
      delivery: this.delivery,
      exporters: this.parts.exporters,
      warnings: this.warnings,
      stopBackground: () => {
        clearInterval(this.flushTimer);
        this.sampling.stop();
        this.clock.close();
      },
      flush: () => this.flush(),
      takeRemaining: () => this.flusher.takeRemaining(),
    };
  }
}
