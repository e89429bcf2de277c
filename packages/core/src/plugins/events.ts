/**
 * What a run hands to its backends. Metric points travel as columnar chunks (typed arrays), never
 * as an object per point; everything else as small event objects.
 */
import type { ModelInfo } from "./model-inspector.ts";

export interface ParamEvent {
  readonly type: "param";
  readonly key: string;
  /** The value as text (what MLflow stores); `rawValue` keeps the JS type. */
  readonly value: string;
  readonly rawValue: string | number | boolean;
  readonly context: string | undefined;
  readonly timestamp: number;
}

export interface TagEvent {
  readonly type: "tag";
  readonly key: string;
  readonly value: string;
}

export interface ArtifactEvent {
  readonly type: "artifact";
  /** Logical name, also its path relative to the artifacts directory (`/`-separated). */
  readonly name: string;
  /** Absolute path of the user's file or directory. */
  readonly sourcePath: string;
  /** Absolute path of the copy inside the run directory, or undefined when only referenced. */
  readonly storedPath: string | undefined;
  readonly isDirectory: boolean;
  /** Total bytes (all files for a directory). */
  readonly size: number;
  /** Hex SHA-256 of the file; for a directory, of the sorted list of `relative-path\0sha256\n` lines. */
  readonly sha256: string;
  readonly context: string | undefined;
  readonly isInput: boolean;
  readonly isModel: boolean;
  /**
   * The model whose file(s) this is: the file `logModel` stored with the model, or a part of it
   * logged on its own for its SHA-256 (`logArtifact(path, { model })`). A backend that stores
   * models itself (MLflow LoggedModels) uploads the file once, with the model event, and leaves
   * such an artifact out of the run's artifacts. Absent for other artifacts.
   */
  readonly model?: string;
  readonly timestamp: number;
}

export interface DatasetEvent {
  readonly type: "dataset";
  readonly label: string;
  readonly context: string | undefined;
  /** Where the data comes from (a path or URI), if known. */
  readonly source: string | undefined;
  /** A short content digest, if known (MLflow limits it to 36 characters). */
  readonly digest: string | undefined;
  readonly stats: Readonly<Record<string, string | number | boolean>>;
  readonly timestamp: number;
}

export interface ModelEvent {
  readonly type: "model";
  readonly name: string;
  readonly context: string | undefined;
  readonly info: ModelInfo | undefined;
  /** The saved model file, when one was logged with it. */
  readonly artifact: ArtifactEvent | undefined;
  /**
   * True when the context used the model (`used`, e.g. an evaluation) rather than produced it
   * (`wasGeneratedBy`). Runs always set it; optional so events built by older code still type-check.
   */
  readonly isInput?: boolean;
  readonly timestamp: number;
}

export interface ContextEvent {
  readonly type: "context";
  readonly name: string;
  readonly parent: string | undefined;
  readonly timestamp: number;
}

export type RunEvent = ParamEvent | TagEvent | ArtifactEvent | DatasetEvent | ModelEvent | ContextEvent;

/** Identifies one metric series. */
export interface MetricSeriesKey {
  readonly name: string;
  readonly context: string;
  /** Who produced the values: `prov4ml` for user metrics, or a collector's name. */
  readonly source: string;
}

/**
 * Consecutive points of one series. The arrays are views that the run reuses after `write`
 * resolves: a backend that keeps points past that must copy them. The run's own chunks are backed
 * by a SharedArrayBuffer, so they can be posted to a worker thread without a copy.
 */
export interface MetricChunk extends MetricSeriesKey {
  /** Index of the first point within its series: (series, offset) identifies points for de-duplication. */
  readonly offset: number;
  readonly length: number;
  readonly steps: Float64Array;
  readonly values: Float64Array;
  /** Epoch milliseconds. */
  readonly timestamps: Float64Array;
}

/** One delivery to a backend: the events and metric points logged since the previous one, in order. */
export interface RunBatch {
  readonly events: readonly RunEvent[];
  readonly metrics: readonly MetricChunk[];
}
