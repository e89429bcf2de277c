import type { Attributes } from "../prov/literals.ts";
import type { PluginBase } from "./plugin.ts";
import type { RunInfo } from "./run-info.ts";

export interface CollectorCapabilities {
  /** `poll`: the core asks for samples; `push`: the collector reports by itself. */
  readonly mode: "poll" | "push";
  /** Platforms (`process.platform` values) where it can read anything; absent = all. */
  readonly platforms?: readonly string[];
}

/**
 * A source of measurements: system use, energy, carbon. `group` says which logging call samples
 * it: `logSystemMetrics` samples the `system` collectors, `logCarbonMetrics` the `carbon` ones.
 */
export interface CollectorPlugin extends PluginBase {
  readonly kind: "collector";
  readonly group: "system" | "carbon" | (string & {});
  readonly capabilities: CollectorCapabilities;
  openRun(run: RunInfo): Promise<CollectorSession>;
}

export interface CollectorSession {
  /** One reading of every available source. Must not spawn processes on a hot path. */
  sample(): Promise<CollectorSample>;
  /** Final figures for the PROV document and `endRun`'s result. */
  finish?(): Promise<CollectorFinish>;
}

export interface CollectedMetric {
  /** Metric name, e.g. `memory_usage` or `gpu_usage_0` for the first GPU. */
  readonly name: string;
  readonly value: number;
  /** Unit, documented for the user (`%`, `W`, `kWh`, …). */
  readonly unit?: string;
}

/** A source that could not be read: recorded once in the PROV document, never logged as 0. */
export interface UnavailableSource {
  readonly source: string;
  readonly reason: string;
}

export interface CollectorSample {
  readonly metrics: readonly CollectedMetric[];
  readonly unavailable?: readonly UnavailableSource[];
}

export interface CollectorFinish {
  /** Attributes added to the run activity (qualified names as keys). */
  readonly attributes?: Attributes;
  /** Totals returned in `endRun`'s result, e.g. `{ energy_consumed: 0.01 }`. */
  readonly totals?: Readonly<Record<string, number>>;
}
