import type { MillisecondClock } from "../metrics/millisecond-clock.ts";
import type { DatasetInspectorPlugin } from "../plugins/dataset-inspector.ts";
import type { ExporterPlugin } from "../plugins/exporter.ts";
import type { ModelInspectorPlugin } from "../plugins/model-inspector.ts";
import type { RunInfo } from "../plugins/run-info.ts";
import type { OpenedBackend } from "./backend-delivery.ts";
import type { AttachedCollector } from "./collector-sampling.ts";
import type { SamplerOptions } from "./options.ts";
import type { RunState } from "./run-state.ts";

/** Pieces the registry hands to a new run. */
export interface RunParts {
  info: RunInfo;
  backends: readonly OpenedBackend[];
  collectors: AttachedCollector[];
  exporters: readonly ExporterPlugin[];
  inspectors: readonly ModelInspectorPlugin[];
  /** Dataset inspectors, in registration order (the core has none of its own). */
  datasetInspectors: readonly DatasetInspectorPlugin[];
  environment: RunState["environment"];
  flushIntervalMs: number;
  checkpointIntervalMs: number;
  logSourceCode: boolean;
  /** Collector groups sampled in the background, by group name (e.g. `{ system: { intervalMs: 1000 } }`). */
  samplers: Readonly<Record<string, SamplerOptions | false | undefined>>;
  /** Timestamps for metric points (a shared-memory clock by default; see millisecond-clock.ts). */
  clock: MillisecondClock;
  /** Called once the run has ended. */
  onEnded: () => void;
}

/** A new run's state: RUNNING, nothing logged yet. */
export function newRunState(parts: RunParts, metricSeries: RunState["metricSeries"]): RunState {
  return {
    info: parts.info,
    status: "RUNNING",
    endTime: undefined,
    params: new Map(),
    contexts: new Map(),
    artifacts: new Map(),
    datasets: new Map(),
    models: new Map(),
    tags: new Map(),
    metricSeries,
    sourceCode: undefined,
    environment: parts.environment,
    extraAttributes: {},
    unavailableSources: new Set(),
  };
}
