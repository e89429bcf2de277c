import { METRIC_SOURCES } from "../conventions/metric-names.ts";
import { InvalidMetricValueError } from "../errors.ts";
import { MetricStore } from "../metrics/metric-store.ts";
import type { MillisecondClock } from "../metrics/millisecond-clock.ts";
import type { BackendDelivery } from "./backend-delivery.ts";
import { type MetricOptions, normalizeMetricOptions } from "./metric-options.ts";
import { checkName } from "./names.ts";

/** Source recorded for metrics the user logs directly. */
export const USER_METRIC_SOURCE = METRIC_SOURCES.user;
/** Source of `logCurrentExecutionTime` values. */
export const EXECUTION_TIME_SOURCE = METRIC_SOURCES.executionTime;
/** Pending points that trigger a flush before the timer fires, to bound memory in tight loops. */
const EARLY_FLUSH_POINTS = 16_384;

/** What the metric hot path needs from its run. */
export interface MetricLoggingHost {
  readonly clock: MillisecondClock;
  /** Registers a context the first time a series names it. */
  touchContext(name: string): void;
  /** Hands the pending points to the backends (called early in tight loops). */
  flush(): void;
}

/**
 * The metric hot path: points appended to the series store, with the names checked once per
 * series and an early flush every `EARLY_FLUSH_POINTS` points. The "run still active" check is
 * the caller's (`Run`), so collector samples in flight at `endRun` still land.
 */
export class MetricLogging {
  readonly store = new MetricStore();
  private readonly host: MetricLoggingHost;

  constructor(host: MetricLoggingHost, delivery: BackendDelivery) {
    this.host = host;
    // Chunk views are posted only when a backend watches them (backend-fs's writer thread).
    if (delivery.watchesChunks) {
      this.store.watchChunks((key, chunk) =>
        delivery.watchChunk({
          key,
          cursor: chunk.cursor,
          capacity: chunk.capacity,
          steps: chunk.steps,
          values: chunk.values,
          timestamps: chunk.timestamps,
        }),
      );
    }
  }

  /** `Run.logMetric` once the run is known to be active. */
  logMetric(name: string, value: number, context: string, options: number | MetricOptions | undefined): void {
    if (typeof value !== "number") throw new InvalidMetricValueError(String(name), value);
    let step: number | undefined;
    let timestamp: number | undefined;
    let source: string = USER_METRIC_SOURCE;
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

  /** `Run.logMetrics`: all or nothing, every point checked before the first is appended. */
  logMetrics(
    metrics: Record<string, number>,
    context: string,
    options: number | MetricOptions | undefined,
  ): void {
    const normalized = normalizeMetricOptions(options);
    const timestamp = normalized.timestamp ?? this.host.clock.now();
    const source =
      normalized.source === undefined ? USER_METRIC_SOURCE : checkName("metric source", normalized.source);
    // Appended directly, without `logMetric` normalising the same options once per entry again.
    checkName("context", context);
    const entries = Object.entries(metrics);
    for (const [name, value] of entries) {
      checkName("metric", name);
      if (typeof value !== "number") throw new InvalidMetricValueError(name, value);
    }
    for (const [name, value] of entries)
      this.appendPoint(name, value, context, source, normalized.step, timestamp);
  }

  /** `Run.logCurrentExecutionTime`: `seconds` under the fixed execution-time source. */
  logExecutionTime(
    label: string,
    seconds: number,
    context: string,
    options: number | MetricOptions | undefined,
  ): void {
    // Normalised once here; its source is fixed, so `logMetric`'s checks would only repeat it.
    const { step, timestamp } = normalizeMetricOptions(options);
    this.appendPoint(label, seconds, context, EXECUTION_TIME_SOURCE, step, timestamp);
  }

  /** Appends one point without the "run still active" check. */
  appendPoint(
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
      this.host.touchContext(context);
      series = this.store.create(name, context, source);
    }
    series.append(step ?? series.summary.count, value, timestamp ?? this.host.clock.now());
    if (this.store.notePoint() >= EARLY_FLUSH_POINTS) this.host.flush();
  }
}
