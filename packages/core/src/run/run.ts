import { basename, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { Context } from "../context.ts";
import {
  InvalidArgumentError,
  InvalidMetricValueError,
  NoCollectorError,
  ParamConflictError,
  Prov4mlError,
  RunEndedError,
} from "../errors.ts";
import { MetricStore } from "../metrics/metric-store.ts";
import type { MillisecondClock } from "../metrics/millisecond-clock.ts";
import type { BackendSession } from "../plugins/backend.ts";
import type { CollectorPlugin, CollectorSession } from "../plugins/collector.ts";
import type { ArtifactEvent, DatasetEvent, ModelEvent, ParamEvent, RunEvent } from "../plugins/events.ts";
import type { ExportedFile, ExporterPlugin } from "../plugins/exporter.ts";
import type { ModelInfo, ModelInspectorPlugin } from "../plugins/model-inspector.ts";
import type { RunInfo, RunStatus } from "../plugins/run-info.ts";
import type { ProvDocument } from "../prov/document.ts";
import { artifactDestination, copyAtomically, digestPath } from "./artifact-files.ts";
import { closestKnownContext } from "./context-suggestion.ts";
import { artifactsDirName, provFileName } from "./layout.ts";
import { type MetricOptions, normalizeMetricOptions } from "./metric-options.ts";
import { checkName } from "./names.ts";
import type { EndRunOptions, EndRunResult, SamplerOptions } from "./options.ts";
import { buildRunDocument } from "./run-document.ts";
import type { RunState } from "./run-state.ts";
import { readSourceCode } from "./source-code.ts";

/** Source recorded for metrics the user logs directly. */
export const USER_METRIC_SOURCE = "prov4ml";
/** Source of `logCurrentExecutionTime` values. */
export const EXECUTION_TIME_SOURCE = "execution_time";
/** Pending points that trigger a flush before the timer fires, to bound memory in tight loops. */
const EARLY_FLUSH_POINTS = 16_384;

interface AttachedBackend {
  readonly name: string;
  readonly session: BackendSession;
  /** Settles when the session's previous write has. */
  tail: Promise<void>;
  /** Writes handed over or queued and not yet settled; a batch goes straight to `write` only at 0. */
  inFlight: number;
  failures: number;
}

interface AttachedCollector {
  readonly plugin: CollectorPlugin;
  readonly session: CollectorSession;
}

/** Pieces the registry hands to a new run. */
export interface RunParts {
  info: RunInfo;
  backends: { name: string; session: BackendSession }[];
  collectors: AttachedCollector[];
  exporters: readonly ExporterPlugin[];
  inspectors: readonly ModelInspectorPlugin[];
  environment: RunState["environment"];
  flushIntervalMs: number;
  checkpointIntervalMs: number;
  logSourceCode: boolean;
  systemMetrics: SamplerOptions | false | undefined;
  carbonMetrics: SamplerOptions | false | undefined;
  /** Timestamps for metric points (a shared-memory clock by default; see millisecond-clock.ts). */
  clock: MillisecondClock;
  onEnded: (run: Run) => void;
}

export interface ArtifactOptions {
  /** Path inside the run's artifacts directory; default the file's base name. */
  name?: string;
  context?: string;
  /** Copy into the run directory (default) or only reference the original. */
  copy?: boolean;
  /** The artifact is an input of the context (`used`) rather than an output (`wasGeneratedBy`). */
  isInput?: boolean;
  isModel?: boolean;
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

/** Stats recorded for a dataset; array-likes give `total_samples` from their length. */
export type DatasetDescription =
  | { stats?: Record<string, string | number | boolean>; source?: string; digest?: string }
  | ArrayLike<unknown>;

/**
 * One run: what a training logs, kept as a PROV graph, delivered to backends in batches.
 * Logging calls are synchronous and never wait for I/O; artifacts, models and collector samples
 * return promises (await them, or let `endRun` wait for them).
 */
export class Run {
  readonly info: RunInfo;
  private readonly state: RunState;
  private readonly store = new MetricStore();
  private readonly backends: AttachedBackend[];
  private readonly collectors: AttachedCollector[];
  private readonly parts: RunParts;
  private pendingEvents: RunEvent[] = [];
  private readonly pendingWork = new Set<Promise<unknown>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly startMonotonic = performance.now();
  private lastCheckpoint = 0;
  private checkpointDue = true;
  private ending: Promise<EndRunResult> | undefined;
  private ignoreLateCalls = false;
  private readonly warnings: string[] = [];
  private readonly samplerBusy = new Set<string>();
  private sampleCounters = new Map<string, number>();
  private readonly sourceCodeReady: Promise<void>;
  private readonly clock: MillisecondClock;

  constructor(parts: RunParts) {
    this.parts = parts;
    this.info = parts.info;
    this.backends = parts.backends.map(({ name, session }) => ({
      name,
      session,
      tail: Promise.resolve(),
      inFlight: 0,
      failures: 0,
    }));
    this.collectors = parts.collectors;
    this.clock = parts.clock;
    this.state = {
      info: parts.info,
      status: "RUNNING",
      endTime: undefined,
      params: new Map(),
      contexts: new Map(),
      artifacts: new Map(),
      datasets: new Map(),
      models: new Map(),
      tags: new Map(),
      metricSeries: () => this.store.series(),
      sourceCode: undefined,
      environment: parts.environment,
      extraAttributes: {},
      unavailableSources: new Set(),
    };
    this.sourceCodeReady = parts.logSourceCode
      ? readSourceCode().then((info) => {
          this.state.sourceCode = info;
        })
      : Promise.resolve();

    const flushTimer = setInterval(() => void this.flush(), parts.flushIntervalMs);
    flushTimer.unref();
    this.timers.push(flushTimer);
    this.startSampler("system", parts.systemMetrics);
    this.startSampler("carbon", parts.carbonMetrics);
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
    if (!this.assertActive("logParam")) return;
    checkName("param", key);
    const rawValue = toParamValue(key, value);
    const text = String(rawValue);
    const previous = this.state.params.get(key);
    if (previous) {
      if (previous.value !== text) throw new ParamConflictError(key, previous.value, text);
      return;
    }
    if (context !== undefined) this.touchContext(context);
    this.state.params.set(key, { value: text, rawValue, context });
    const event: ParamEvent = { type: "param", key, value: text, rawValue, context, timestamp: Date.now() };
    this.pushEvent(event);
  }

  /** Records several params; all are checked before any is recorded. */
  logParams(params: Record<string, unknown>, context?: string): void {
    if (!this.assertActive("logParams")) return;
    for (const [key, value] of Object.entries(params)) {
      checkName("param", key);
      const previous = this.state.params.get(key);
      const text = String(toParamValue(key, value));
      if (previous && previous.value !== text) throw new ParamConflictError(key, previous.value, text);
    }
    for (const [key, value] of Object.entries(params)) this.logParam(key, value, context);
  }

  /** Sets a run tag (overwritable, as in MLflow). */
  setTag(key: string, value: string): void {
    if (!this.assertActive("setTag")) return;
    checkName("tag", key);
    if (typeof value !== "string") throw new InvalidArgumentError(`tag "${key}" needs a string value`);
    this.state.tags.set(key, value);
    this.pushEvent({ type: "tag", key, value });
  }

  /** Declares a context, optionally below a parent context (the run by default). */
  logContext(name: string, options: { parent?: string } = {}): void {
    if (!this.assertActive("logContext")) return;
    checkName("context", name);
    if (options.parent !== undefined) {
      checkName("context", options.parent);
      if (options.parent === name)
        throw new InvalidArgumentError(`context "${name}" cannot be its own parent`);
      this.touchContext(options.parent);
    }
    const existing = this.state.contexts.get(name);
    if (existing) {
      if (options.parent !== undefined && existing.parent !== options.parent) {
        throw new InvalidArgumentError(
          `context "${name}" already has parent ${JSON.stringify(existing.parent ?? "(the run)")}; a context keeps its parent`,
        );
      }
      return;
    }
    this.addContext(name, options.parent);
  }

  /** Declares a context on first use, under the run. Also used while the run ends (late samples). */
  private touchContext(name: string): void {
    if (this.state.contexts.has(name)) return;
    checkName("context", name);
    const closest = closestKnownContext(name, this.state.contexts.keys());
    if (closest !== undefined) {
      this.warnOnce(
        `context "${name}" was never declared and looks like a typo of "${closest}"; ` +
          `fix the name, or declare it with logContext("${name}") to keep it`,
      );
    }
    this.addContext(name, undefined);
  }

  private addContext(name: string, parent: string | undefined): void {
    const firstUsed = Date.now();
    this.state.contexts.set(name, { parent, firstUsed });
    this.pushEvent({ type: "context", name, parent, timestamp: firstUsed });
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
    if (typeof options === "number" && Number.isFinite(options)) step = options;
    else if (
      typeof options === "object" &&
      options !== null &&
      Number.isFinite(options.step) &&
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
      this.touchContext(context);
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
    const normalized = normalizeMetricOptions(options);
    const timestamp = normalized.timestamp ?? this.clock.now();
    for (const [name, value] of Object.entries(metrics))
      this.logMetric(name, value, context, { ...normalized, timestamp });
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
    const seconds = (performance.now() - this.startMonotonic) / 1000;
    const normalized = normalizeMetricOptions(options);
    this.logMetric(label, seconds, context, { ...normalized, source: EXECUTION_TIME_SOURCE });
  }

  // ---------------------------------------------------------------- collectors

  /** Takes one sample of every `system` collector and logs it (memory, disk, CPU, GPU use). */
  logSystemMetrics(context: string = Context.TRAINING, options?: number | MetricOptions): Promise<void> {
    return this.collect("system", context, options);
  }

  /** Takes one reading of every `carbon` collector and logs the cumulative energy and emissions. */
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
    checkName("context", context);
    const normalized = normalizeMetricOptions(options);
    const collectors = this.collectors.filter((collector) => collector.plugin.group === group);
    if (collectors.length === 0) {
      return Promise.reject(new NoCollectorError(group));
    }
    // Samples of a group are numbered 0, 1, 2… whether or not the caller names a step.
    const sampleNumber = this.nextSampleStep(group);
    const step = normalized.step ?? sampleNumber;
    return this.track(
      Promise.all(
        collectors.map(async ({ plugin, session }) => {
          const sample = await session.sample();
          // After the final flush nothing more can be delivered; before it, a late sample still counts.
          if (this.state.endTime !== undefined) return;
          const timestamp = normalized.timestamp ?? this.clock.now();
          for (const metric of sample.metrics) {
            if (typeof metric.value !== "number")
              throw new InvalidMetricValueError(metric.name, metric.value);
            this.appendPoint(metric.name, metric.value, context, plugin.group, step, timestamp);
          }
          for (const missing of sample.unavailable ?? []) {
            this.state.unavailableSources.add(`${missing.source}: ${missing.reason}`);
          }
        }),
      ).then(() => undefined),
    );
  }

  private nextSampleStep(group: string): number {
    const step = this.sampleCounters.get(group) ?? 0;
    this.sampleCounters.set(group, step + 1);
    return step;
  }

  private startSampler(group: string, options: SamplerOptions | false | undefined): void {
    if (!options) return;
    if (!(Number.isFinite(options.intervalMs) && options.intervalMs >= 10)) {
      throw new InvalidArgumentError(`${group}Metrics.intervalMs must be a number of milliseconds >= 10`);
    }
    if (!this.collectors.some((collector) => collector.plugin.group === group)) {
      throw new NoCollectorError(group);
    }
    const timer = setInterval(() => {
      // Never overlap two samples: a slow source skips a tick instead of piling up.
      if (this.samplerBusy.has(group) || this.ending !== undefined) return;
      this.samplerBusy.add(group);
      this.collect(group, options.context ?? Context.TRAINING)
        .catch((error) => this.warnOnce(`background ${group} sampling failed: ${messageOf(error)}`))
        .finally(() => this.samplerBusy.delete(group));
    }, options.intervalMs);
    timer.unref();
    this.timers.push(timer);
  }

  // ---------------------------------------------------------------- artifacts, datasets, models

  /**
   * Records a file or directory, copied into `artifacts_GR<rank>/<name>` (or only referenced with
   * `copy: false`), with its size and SHA-256. The name is checked synchronously: a name that
   * would escape the run directory throws before anything is written.
   */
  logArtifact(path: string, options: ArtifactOptions = {}): Promise<ArtifactEvent> {
    if (!this.assertActive("logArtifact")) return Promise.resolve(undefined as never);
    if (typeof path !== "string" || path.length === 0) {
      throw new InvalidArgumentError("logArtifact needs the path of a file or directory");
    }
    const name = options.name ?? basename(path);
    checkName("artifact", name);
    const copy = options.copy ?? true;
    const artifactsDir = join(this.info.runDir, artifactsDirName(this.info.rank));
    const destination = copy ? artifactDestination(artifactsDir, name) : undefined;
    if (options.context !== undefined) this.touchContext(options.context);
    const sourcePath = resolve(path);
    return this.track(
      (async () => {
        const digest = await digestPath(sourcePath);
        if (destination) await copyAtomically(sourcePath, destination);
        const event: ArtifactEvent = {
          type: "artifact",
          name: name.split("\\").join("/"),
          sourcePath,
          storedPath: destination,
          isDirectory: digest.isDirectory,
          size: digest.size,
          sha256: digest.sha256,
          context: options.context,
          isInput: options.isInput ?? false,
          isModel: options.isModel ?? false,
          timestamp: Date.now(),
        };
        this.state.artifacts.set(event.name, event);
        this.pushEvent(event);
        return event;
      })(),
    );
  }

  /** Records a dataset used by a context, with its stats (an array-like gives `total_samples`). */
  logDataset(label: string, dataset: DatasetDescription = {}, options: DatasetOptions = {}): void {
    if (!this.assertActive("logDataset")) return;
    checkName("dataset", label);
    const stats: Record<string, string | number | boolean> = {};
    let source = options.source;
    let digest = options.digest;
    if (isArrayLike(dataset)) {
      stats.total_samples = dataset.length;
    } else if (typeof dataset === "object" && dataset !== null) {
      for (const [key, value] of Object.entries(dataset.stats ?? {})) {
        checkName("dataset stat", key);
        if (!["string", "number", "boolean"].includes(typeof value)) {
          throw new InvalidArgumentError(`dataset stat "${key}" must be a string, number or boolean`);
        }
        stats[key] = value;
      }
      source ??= dataset.source;
      digest ??= dataset.digest;
    } else {
      throw new InvalidArgumentError("logDataset needs an array-like or { stats, source, digest }");
    }
    const context = options.context ?? Context.TRAINING;
    this.touchContext(context);
    const event: DatasetEvent = {
      type: "dataset",
      label,
      context,
      source,
      digest,
      stats,
      timestamp: Date.now(),
    };
    this.state.datasets.set(label, event);
    this.pushEvent(event);
  }

  /**
   * Records a model: its parameter count and memory footprint from the first model inspector
   * that recognises it (TensorFlow.js-like objects, records of typed arrays, a file on disk),
   * and optionally a saved file copied into the run.
   */
  logModel(model: unknown, name: string, options: ModelOptions | boolean = {}): Promise<ModelEvent> {
    if (!this.assertActive("logModel")) return Promise.resolve(undefined as never);
    checkName("model", name);
    // The seed's positional `log_model_info = False`.
    const resolved: ModelOptions = typeof options === "boolean" ? { logModelInfo: options } : options;
    const context = resolved.context ?? Context.TRAINING;
    const isInput = resolved.isInput ?? false;
    this.touchContext(context);
    const file = resolved.file ?? (typeof model === "string" ? model : undefined);
    const artifactPromise = file
      ? this.logArtifact(file, {
          name: `${name}/${basename(file)}`,
          context,
          isModel: true,
          isInput,
          copy: !isInput,
        })
      : Promise.resolve(undefined);
    return this.track(
      (async () => {
        let info: ModelInfo | undefined;
        if (resolved.logModelInfo !== false) {
          for (const inspector of this.parts.inspectors) {
            info = await inspector.inspect(model);
            if (info) break;
          }
        }
        const artifact = await artifactPromise;
        const event: ModelEvent = {
          type: "model",
          name,
          context,
          info,
          artifact,
          isInput,
          timestamp: Date.now(),
        };
        this.state.models.set(name, event);
        this.pushEvent(event);
        return event;
      })(),
    );
  }

  // ---------------------------------------------------------------- delivery

  private pushEvent(event: RunEvent): void {
    this.pendingEvents.push(event);
    this.checkpointDue = true;
  }

  /**
   * Hands everything logged so far to the backends. A backend with nothing in flight gets this
   * batch synchronously (so a synchronous backend frees the buffers at once); a busy one gets it
   * queued behind the batches before it.
   */
  flush(): Promise<void> {
    const checkpoint = this.maybeCheckpoint();
    if (this.pendingEvents.length === 0 && this.store.pendingPoints === 0) {
      return Promise.all([checkpoint, ...this.backends.map((backend) => backend.tail)]).then(() => undefined);
    }
    const events = this.pendingEvents;
    this.pendingEvents = [];
    const { chunks, release } = this.store.drain();
    const batch = { events, metrics: chunks };
    const deliveries = this.backends.map((backend) => {
      const deliver = () => {
        let result: void | Promise<void>;
        try {
          result = backend.session.write(batch);
        } catch (error) {
          result = Promise.reject(error);
        }
        return Promise.resolve(result)
          .catch((error) => this.backendFailed(backend, error))
          .finally(() => {
            backend.inFlight--;
          });
      };
      // Deliver at once when nothing is queued (the common case), else after the queued batches:
      // batches must reach each backend in order.
      backend.tail = backend.inFlight++ === 0 ? deliver() : backend.tail.then(deliver);
      return backend.tail;
    });
    return Promise.all([checkpoint, ...deliveries]).then(release);
  }

  /** Waits until every backend has delivered (or durably spooled) everything logged so far. */
  async forceFlush(): Promise<void> {
    await Promise.allSettled([...this.pendingWork]);
    await this.flush();
    await Promise.all(
      this.backends.map((backend) =>
        backend.session.forceFlush().catch((error) => this.backendFailed(backend, error)),
      ),
    );
  }

  private maybeCheckpoint(): Promise<void> {
    const now = Date.now();
    if (!this.checkpointDue || now - this.lastCheckpoint < this.parts.checkpointIntervalMs)
      return Promise.resolve();
    if (!this.backends.some((backend) => backend.session.checkpoint)) return Promise.resolve();
    return this.checkpoint();
  }

  /** Writes a provisional document (status RUNNING) through the backends that keep documents. */
  async checkpoint(): Promise<void> {
    this.checkpointDue = false;
    this.lastCheckpoint = Date.now();
    const document = buildRunDocument(this.state);
    const files = await this.render(document, ["prov-json"]);
    await Promise.all(
      this.backends.map((backend) =>
        backend.session
          .checkpoint?.({ document, files })
          .catch((error) => this.backendFailed(backend, error)),
      ),
    );
  }

  private backendFailed(backend: AttachedBackend, error: unknown): void {
    backend.failures++;
    // Report the first failure and then every hundredth, so a full disk does not flood the log.
    if (backend.failures === 1 || backend.failures % 100 === 0) {
      this.warn(`backend ${backend.name} failed (${backend.failures}x): ${messageOf(error)}`);
    }
  }

  private warn(message: string): void {
    this.warnings.push(message);
    this.info.logger.error(message);
  }

  private readonly warnedOnce = new Set<string>();
  private warnOnce(message: string): void {
    if (this.warnedOnce.has(message)) return;
    this.warnedOnce.add(message);
    this.warn(message);
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pendingWork.add(promise);
    const forget = () => this.pendingWork.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  private async render(document: ProvDocument, formats: readonly string[]): Promise<ExportedFile[]> {
    const files: ExportedFile[] = [];
    for (const format of formats) {
      const exporter = this.parts.exporters.find((candidate) => candidate.format === format);
      if (!exporter) {
        if (format !== "prov-json") this.warn(`no exporter for format "${format}" is registered; skipped`);
        continue;
      }
      try {
        files.push({
          format,
          fileName: provFileName(this.info.runName, exporter.fileExtension),
          mediaType: exporter.mediaType,
          content: await exporter.export(document),
        });
      } catch (error) {
        this.warn(`exporter ${exporter.name} failed: ${messageOf(error)}`);
      }
    }
    return files;
  }

  // ---------------------------------------------------------------- end

  /** The PROV document of the run as it stands now. */
  document(): ProvDocument {
    return buildRunDocument(this.state);
  }

  /**
   * Ends the run: waits for pending artifacts and samples, collects collector totals, delivers
   * the last metrics, renders the PROV document (and DOT/SVG on request) and closes every backend.
   * Calling it twice is an error; it never throws for backend failures (see `warnings`).
   */
  endRun(options: EndRunOptions = {}): Promise<EndRunResult> {
    if (this.ending !== undefined) return Promise.reject(new RunEndedError(this.info.runName, "endRun"));
    this.ignoreLateCalls = options.ignoreLateCalls ?? false;
    this.ending = this.finish(options);
    return this.ending;
  }

  /** Resolves when an ongoing `endRun` (for example from a signal) completes. */
  get ended(): Promise<EndRunResult> | undefined {
    return this.ending;
  }

  private async finish(options: EndRunOptions): Promise<EndRunResult> {
    for (const timer of this.timers) clearInterval(timer);
    this.clock.close();
    const status = options.status ?? "FINISHED";
    const timeoutMs = options.timeoutMs ?? 30_000;
    const settled = await Promise.allSettled([...this.pendingWork, this.sourceCodeReady]);
    for (const result of settled) {
      if (result.status === "rejected")
        this.warn(`a logging call failed before the end: ${messageOf(result.reason)}`);
    }

    const totals: Record<string, number> = {};
    for (const { plugin, session } of this.collectors) {
      if (!session.finish) continue;
      try {
        const finished = await session.finish();
        Object.assign(this.state.extraAttributes, finished.attributes ?? {});
        Object.assign(totals, finished.totals ?? {});
      } catch (error) {
        this.warn(`collector ${plugin.name} failed to finish: ${messageOf(error)}`);
      }
    }
    await this.flush();

    this.state.status = status;
    this.state.endTime = Date.now();
    for (const backend of this.backends) {
      try {
        Object.assign(this.state.extraAttributes, backend.session.provAttributes?.() ?? {});
      } catch (error) {
        this.backendFailed(backend, error);
      }
    }
    const document = buildRunDocument(this.state);
    const formats = new Set<string>(["prov-json", ...(options.formats ?? [])]);
    if (options.createGraph || options.createSvg) formats.add("dot");
    if (options.createSvg) formats.add("svg");
    const files = await this.render(document, [...formats]);

    const outcome = { status, endTime: this.state.endTime, document, files, timeoutMs };
    const results = await Promise.all(
      this.backends.map((backend) =>
        withTimeout(
          backend.session.close(outcome),
          timeoutMs + 1000,
          `backend ${backend.name} did not close in time`,
        ).catch((error) => {
          this.backendFailed(backend, error);
          return undefined;
        }),
      ),
    );
    const written: Record<string, string> = {};
    const backendInfo: Record<string, string | number | boolean> = {};
    for (const result of results) {
      for (const [format, path] of Object.entries(result?.files ?? {})) written[format] ??= path;
      Object.assign(backendInfo, result?.info ?? {});
      this.warnings.push(...(result?.warnings ?? []));
    }
    this.parts.onEnded(this);
    return {
      runName: this.info.runName,
      runId: this.info.runId,
      runDir: this.info.runDir,
      status,
      provJsonPath: written["prov-json"],
      files: written,
      totals,
      backendInfo,
      warnings: [...this.warnings],
    };
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
}

function toParamValue(key: string, value: unknown): string | number | boolean {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return value.toString();
  if (value === null || value === undefined) return String(value);
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch {
    // fall through: cyclic structures
  }
  throw new InvalidArgumentError(`param "${key}" has a value that cannot be written as text; pass a string`);
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return (
    Array.isArray(value) ||
    ArrayBuffer.isView(value) ||
    (typeof value === "object" &&
      value !== null &&
      typeof (value as { length?: unknown }).length === "number")
  );
}

function messageOf(error: unknown): string {
  if (error instanceof Prov4mlError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
