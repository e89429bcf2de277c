import { Context } from "../context.ts";
import { InvalidArgumentError, InvalidMetricValueError, NoCollectorError } from "../errors.ts";
import type { CollectorPlugin, CollectorSession } from "../plugins/collector.ts";
import type { Attributes } from "../prov/literals.ts";
import type { MetricOptions } from "./metric-options.ts";
import { normalizeMetricOptions } from "./metric-options.ts";
import { checkName } from "./names.ts";
import type { SamplerOptions } from "./options.ts";
import { messageOf } from "./run-warnings.ts";

export interface AttachedCollector {
  readonly plugin: CollectorPlugin;
  readonly session: CollectorSession;
}

/** What sampling needs from its run. */
export interface SamplingHost {
  /** Appends a sampled point (no "run still active" check: a sample in flight at `endRun` still lands). */
  appendPoint(
    name: string,
    value: number,
    context: string,
    source: string,
    step: number,
    timestamp: number,
  ): void;
  /** True once the last flush has happened: a sample arriving later can no longer be delivered. */
  readonly finalFlushDone: boolean;
  /** True once `endRun` has started: background samplers stop. */
  readonly ending: boolean;
  now(): number;
  noteUnavailable(description: string): void;
  track<T>(promise: Promise<T>): Promise<T>;
  warn(message: string): void;
  warnOnce(message: string): void;
}

/** Collector totals and attributes gathered when the run ends. */
export interface CollectorTotals {
  readonly totals: Record<string, number>;
  readonly attributes: Attributes;
}

/**
 * Samples collectors, by group (a collector's `group`, e.g. "system"): on request with `collect`,
 * or in the background with `start`. Samples of a group are numbered 0, 1, 2… as their default step.
 */
export class CollectorSampling {
  private readonly busy = new Set<string>();
  private readonly counters = new Map<string, number>();
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly collectors: readonly AttachedCollector[],
    private readonly host: SamplingHost,
  ) {}

  /** Samples every collector of a group and logs what they return, with the group's name as source. */
  collect(
    group: string,
    context: string = Context.TRAINING,
    options?: number | MetricOptions,
  ): Promise<void> {
    checkName("context", context);
    const normalized = normalizeMetricOptions(options);
    const collectors = this.collectors.filter((collector) => collector.plugin.group === group);
    if (collectors.length === 0) return Promise.reject(new NoCollectorError(group));
    // Numbered whether or not the caller names a step, so the default steps stay 0, 1, 2…
    const sampleNumber = this.nextSampleNumber(group);
    const step = normalized.step ?? sampleNumber;
    const samples = collectors.map(async ({ session }) => {
      const sample = await session.sample();
      if (this.host.finalFlushDone) return;
      const timestamp = normalized.timestamp ?? this.host.now();
      for (const metric of sample.metrics) {
        if (typeof metric.value !== "number") throw new InvalidMetricValueError(metric.name, metric.value);
        this.host.appendPoint(metric.name, metric.value, context, group, step, timestamp);
      }
      for (const missing of sample.unavailable ?? []) {
        this.host.noteUnavailable(`${missing.source}: ${missing.reason}`);
      }
    });
    return this.host.track(Promise.all(samples).then(() => undefined));
  }

  /** Samples a group every `options.intervalMs` until `stop`, never two samples of a group at once. */
  start(group: string, options: SamplerOptions): void {
    if (!(Number.isFinite(options.intervalMs) && options.intervalMs >= 10)) {
      throw new InvalidArgumentError(`${group}Metrics.intervalMs must be a number of milliseconds >= 10`);
    }
    if (!this.collectors.some((collector) => collector.plugin.group === group)) {
      throw new NoCollectorError(group);
    }
    const timer = setInterval(() => {
      // A slow source skips a tick instead of piling up.
      if (this.busy.has(group) || this.host.ending) return;
      this.busy.add(group);
      this.collect(group, options.context ?? Context.TRAINING)
        .catch((error) => this.host.warnOnce(`background ${group} sampling failed: ${messageOf(error)}`))
        .finally(() => this.busy.delete(group));
    }, options.intervalMs);
    timer.unref();
    this.timers.push(timer);
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  /** Asks every collector for its totals (energy, emissions…); a failing one is a warning. */
  async finish(): Promise<CollectorTotals> {
    const result: CollectorTotals = { totals: {}, attributes: {} };
    for (const { plugin, session } of this.collectors) {
      if (!session.finish) continue;
      try {
        const finished = await session.finish();
        Object.assign(result.attributes, finished.attributes ?? {});
        Object.assign(result.totals, finished.totals ?? {});
      } catch (error) {
        this.host.warn(`collector ${plugin.name} failed to finish: ${messageOf(error)}`);
      }
    }
    return result;
  }

  private nextSampleNumber(group: string): number {
    const number = this.counters.get(group) ?? 0;
    this.counters.set(group, number + 1);
    return number;
  }
}
