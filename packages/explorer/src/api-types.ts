/** The JSON the explorer's server answers and the report embeds; the page reads the same shapes. */

/** A run's status as the table shows it: an unclosed run (its process died) reads "not closed". */
export type RunStatusLabel = "RUNNING" | "FINISHED" | "FAILED" | "KILLED" | "UNKNOWN" | "not closed";

/** One row of the runs table. */
export interface RunSummary {
  /** Stable id of the run within this server (derived from its path). */
  id: string;
  /** The run directory or document, relative to the directory it was found under. */
  path: string;
  experiment?: string;
  run?: string;
  status: RunStatusLabel;
  /** ISO 8601. */
  start?: string;
  durationMs?: number;
  params: Record<string, string | number | boolean>;
  /** Last value of each metric, keyed `name (context)`. */
  lastMetrics: Record<string, number>;
  energyKWh?: number;
  emissionsKg?: number;
  /** Set when the run could not be read: what is wrong, for the row to say. */
  error?: string;
}

/** What a chart's x axis shows: the step, or the time the point was logged. */
export type ChartAxis = "step" | "time";

/** Which panel of the run page a series belongs to. */
export type SeriesPanel = "metrics" | "system" | "carbon";

/** One metric series reduced to at most a fixed number of buckets (min and max per bucket). */
export interface MetricSeriesData {
  /** Index of the series in its run: `GET /api/runs/<id>/series/<key>` re-reads it. */
  key: number;
  name: string;
  context: string;
  source: string;
  panel: SeriesPanel;
  /** Points in the series before downsampling. */
  count: number;
  /** Points inside the window asked for (all of them when not zoomed). */
  shown: number;
  /** Step at the start of each bucket. */
  x: number[];
  /** Epoch milliseconds at the start of each bucket (null where the writer recorded none). */
  t: Array<number | null>;
  min: number[];
  max: number[];
  /** Set when the points could not be read. */
  error?: string;
}

/** A file of the run, as listed on the run page. */
export interface ArtifactData {
  name: string;
  role?: "input" | "output";
  sizeBytes?: number;
  sha256?: string;
  /** Where to download it from (relative URL); absent when the file is not under a served directory. */
  download?: string;
}

/** A dataset the run used, as the run page lists it. */
export interface DatasetData {
  name: string;
  source?: string;
  /** The dataset's digest (SHA-256 of its bytes when it was a file or directory). */
  digest?: string;
  /** Its statistics (samples, batch size, …) as `name=value` text. */
  stats: string;
}

/** Everything the run page shows. */
export interface RunDetail {
  summary: RunSummary;
  metrics: MetricSeriesData[];
  artifacts: ArtifactData[];
  datasets?: DatasetData[];
  /** Where the overview drawing is (URL, or a data: URL in a report). */
  graph?: string;
  /** What the reader repaired or noted while reading the run. */
  notes: string[];
  /** How the system metrics were measured (source files, CPU model), as name/value rows. */
  systemFacts?: Array<[string, string]>;
  /** How energy and emissions were estimated (method per component, carbon-intensity source). */
  carbonFacts?: Array<[string, string]>;
  /** The git state of the code and the machine it ran on (Node.js, OS, host, command line). */
  environmentFacts?: Array<[string, string]>;
}

/** The data a self-contained report carries in place of the server. */
export interface ReportData {
  /** The route the report opens on (`#/run/<id>`). */
  initialRoute: string;
  runs: RunSummary[];
  details: Record<string, RunDetail>;
}

/** A run in the lineage across runs. */
export interface LineageRun {
  id: string;
  path: string;
  run?: string;
  experiment?: string;
  status: RunStatusLabel;
}

/** A file (by SHA-256) or dataset (by digest) and the runs that generated and used it. */
export interface LineageFile {
  /** `sha256:<hex>` or `dataset:<digest>`. */
  key: string;
  kind: "file" | "model" | "dataset";
  sha256?: string;
  /** The names the runs gave it. */
  names: string[];
  /** Ids of the runs that generated it. */
  generatedBy: string[];
  /** Ids of the runs that used it. */
  usedBy: string[];
}

/** Runs joined by content: a file one run generated that another used. */
export interface RunLineage {
  runs: LineageRun[];
  /** Every file or dataset with a known hash in any of the runs. */
  files: LineageFile[];
}
