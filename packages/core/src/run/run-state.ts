import type { MetricSeries } from "../metrics/metric-series.ts";
import type { ArtifactEvent, DatasetEvent, ModelEvent } from "../plugins/events.ts";
import type { RunInfo, RunStatus } from "../plugins/run-info.ts";
import type { Attributes } from "../prov/literals.ts";
import type { SourceCodeInfo } from "./source-code.ts";

/** Everything a run knows that goes into its PROV document (metric points excepted: only summaries). */
export interface RunState {
  readonly info: RunInfo;
  status: RunStatus;
  endTime: number | undefined;
  readonly params: Map<
    string,
    { value: string; rawValue: string | number | boolean; context: string | undefined }
  >;
  readonly contexts: Map<string, { parent: string | undefined; firstUsed: number }>;
  readonly artifacts: Map<string, ArtifactEvent>;
  readonly datasets: Map<string, DatasetEvent>;
  readonly models: Map<string, ModelEvent>;
  readonly tags: Map<string, string>;
  readonly metricSeries: () => readonly MetricSeries[];
  sourceCode: SourceCodeInfo | undefined;
  readonly environment: Attributes;
  /** Added by backends (MLflow ids) and collectors (carbon totals) at the end. */
  readonly extraAttributes: Attributes;
  /** `<source>: <reason>` for every source a collector could not read. */
  readonly unavailableSources: Set<string>;
}
