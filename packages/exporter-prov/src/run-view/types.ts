/** Which writer produced a run document. */
export type RunGeneration = "prov4ml" | "yprov4ml-v1" | "yprov4ml-v2" | "unknown";

/**
 * How a run ended. prov4ml writes `RUNNING` in provisional documents (checkpoints); a document that
 * still says `RUNNING` after its process died belongs to a run that was never closed.
 * yProv4ML documents carry no status: they are `FINISHED` when they record an end time, else `UNKNOWN`.
 */
export type RunViewStatus = "RUNNING" | "FINISHED" | "FAILED" | "KILLED" | "UNKNOWN";

/** A scalar attribute value as JavaScript sees it. */
export type PlainValue = string | number | boolean;

/** The points of one metric series, as parallel columns. */
export interface MetricPoints {
  steps: Float64Array;
  values: Float64Array;
  /** Epoch milliseconds (NaN where the writer recorded none). */
  timestamps: Float64Array;
}

/** One metric series (name × context × source) and its summary, with its points loaded on demand. */
export interface MetricSeriesView {
  name: string;
  context: string;
  source: string;
  /** Number of points; undefined when unknown (external NetCDF/Zarr files, or a truncated inline list). */
  count?: number;
  first?: number;
  last?: number;
  min?: number;
  max?: number;
  /** Where the points live, as the document names it (relative to the document's directory for prov4ml). */
  file?: string;
  /** True when the writer cut the series (yProv4ML v1's numpy `...`): `load()` returns only what survived. */
  truncated?: boolean;
  /** Reads the points. Rejects with a `Prov4mlError` (code `METRIC_FILE`) when they cannot be read. */
  load(): Promise<MetricPoints>;
}

/** A file the run read or wrote. */
export interface ArtifactView {
  id: string;
  name: string;
  /** Path as recorded (relative to the run directory for prov4ml's stored copies). */
  path?: string;
  /** Where it came from, when recorded (`prov:location`). */
  sourcePath?: string;
  sizeBytes?: number;
  sha256?: string;
  isDirectory?: boolean;
  /** `input` when the run used it, `output` when the run generated it. */
  role?: "input" | "output";
}

/** A model the run produced. */
export interface ModelView {
  id: string;
  name: string;
  path?: string;
  format?: string;
  parameterCount?: number;
  memoryBytes?: number;
  /** SHA-256 of the model's file, when the run recorded one (it joins runs in lineage). */
  sha256?: string;
  /** Size of the model's file in bytes, when recorded. */
  sizeBytes?: number;
  attributes: Record<string, PlainValue | PlainValue[]>;
}

/** A dataset the run used. */
export interface DatasetView {
  id: string;
  name: string;
  source?: string;
  digest?: string;
  /** Statistics (samples, batch size, …) by name. */
  stats: Record<string, PlainValue>;
}

/** The code a run ran, as its git checkout was at the start (prov4ml documents only). */
export interface SourceCodeView {
  commit?: string;
  branch?: string;
  /** True when the checkout had uncommitted changes. */
  dirty?: boolean;
  /** The `origin` remote, without credentials (core strips them before recording). */
  remote?: string;
}

/** A typed summary of one run document, whichever generation wrote it. */
export interface RunView {
  generation: RunGeneration;
  experimentName?: string;
  runName?: string;
  runId?: string;
  status: RunViewStatus;
  /** ISO 8601. */
  startTime?: string;
  endTime?: string;
  params: Record<string, PlainValue>;
  metrics: MetricSeriesView[];
  artifacts: ArtifactView[];
  models: ModelView[];
  datasets: DatasetView[];
  /** The git state of the code the run ran, when it recorded one. */
  sourceCode?: SourceCodeView;
  /** Who ran it: the label of the person the run is associated with (prov4ml documents). */
  user?: string;
  /** Every attribute of the run activity (or, for yProv4ML v1, the run entity), by qualified name. */
  attributes: Record<string, PlainValue | PlainValue[]>;
  /** What the reader repaired in the document (see `parseProvJson`), plus notes from reading the run. */
  repairs: string[];
}
