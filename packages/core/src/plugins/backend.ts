import type { ProvDocument } from "../prov/document.ts";
import type { Attributes } from "../prov/literals.ts";
import type { MetricSeriesKey, RunBatch, RunEvent } from "./events.ts";
import type { ExportedFile } from "./exporter.ts";
import type { PluginBase } from "./plugin.ts";
import type { RunInfo, RunStatus } from "./run-info.ts";

/** What a backend can store, so the core adapts instead of probing. */
export interface BackendCapabilities {
  readonly metrics: boolean;
  readonly artifacts: boolean;
  /** Stores the rendered PROV documents (JSON, DOT, SVG, …). */
  readonly documents: boolean;
}

/**
 * Where a run's provenance goes. A backend opens one session per run; a process may hold several
 * runs, so a backend keeps per-run state in its sessions, never in module scope.
 */
export interface BackendPlugin extends PluginBase {
  readonly kind: "backend";
  readonly capabilities: BackendCapabilities;
  /** Called once per run at `startRun`; must not block on the network (queue instead). */
  openRun(run: RunInfo): Promise<BackendSession>;
  /** Releases process-wide resources (connections); called by `Prov4ml.shutdown()`. */
  shutdown?(): Promise<void>;
}

export interface BackendSession {
  /**
   * Receives what was logged since the previous batch, in order. The core never calls `write`
   * again before the previous promise settles, and never awaits it on the logging hot path.
   */
  write(batch: RunBatch): void | Promise<void>;
  /** Delivers everything received so far (or spools it durably) before resolving. */
  forceFlush(): Promise<void>;
  /** A provisional document while the run is in progress (status RUNNING), so a killed run stays readable. */
  checkpoint?(checkpoint: RunCheckpoint): Promise<void>;
  /** Attributes this backend adds to the run activity (for example the MLflow run id); called at the end. */
  provAttributes?(): Attributes;
  /** Ends the run: the final document and its renderings, after the last `write`. */
  close(outcome: RunOutcome): Promise<BackendCloseResult | undefined>;
  /**
   * Ends the run with synchronous I/O only, from the process's `exit` event (a `process.exit()`
   * without `endRun`): no promise settles there. `pending` holds, in order, the batches the core
   * had not yet handed to `write`; the session also finishes what `write` already received.
   * A backend without it keeps what it had written (the run then reads as not closed).
   */
  closeSync?(outcome: RunExitOutcome): BackendCloseResult | undefined;
  /**
   * Takes over a series' chunk as the training thread fills it, to persist its rows from another
   * thread on its own clock, so that a loop that never yields still gets them on disk. A session
   * with it receives no metrics in `write` (events only): it must persist every row published in
   * the chunks it was given, in order, by `forceFlush` and `close`, and store `cursor[1]`.
   */
  watchChunk?(chunk: LiveChunk): void;
  /**
   * Takes each event (param, tag, context, artifact, …) synchronously as it is logged, to persist
   * it from another thread, so that an event logged before a loop that never yields still reaches
   * the disk. A session with it receives no events in `write` or in `closeSync`'s `pending`: it
   * must persist every event it was given, in order, by `forceFlush` and `close`. It must not
   * block (hand the event to a worker, do not write it here).
   */
  watchEvent?(event: RunEvent): void;
}

/**
 * A chunk of a series in shared memory. The training thread writes row i of the columns, then
 * publishes `cursor[0] = i + 1` with `Atomics.store`; the watching backend reads up to
 * `Atomics.load(cursor, 0)` and publishes what it persisted in `cursor[1]`. A chunk is reused
 * only once `cursor[1]` reached its capacity. A series' chunks are handed over in order; a chunk
 * gets rows only once the one before it is full.
 */
export interface LiveChunk {
  readonly key: MetricSeriesKey;
  readonly cursor: Int32Array;
  readonly capacity: number;
  readonly steps: Float64Array;
  readonly values: Float64Array;
  readonly timestamps: Float64Array;
}

/** What `closeSync` gets: the final document and the batches not yet written. */
export interface RunExitOutcome extends RunCheckpoint {
  readonly status: RunStatus;
  /** Epoch milliseconds. */
  readonly endTime: number;
  readonly pending: readonly RunBatch[];
}

export interface RunCheckpoint {
  readonly document: ProvDocument;
  readonly files: readonly ExportedFile[];
}

export interface RunOutcome extends RunCheckpoint {
  readonly status: RunStatus;
  /** Epoch milliseconds. */
  readonly endTime: number;
  /** How long the backend may take to drain before giving up (ms). */
  readonly timeoutMs: number;
}

export interface BackendCloseResult {
  /** Paths of written files by format (`prov-json`, `dot`, `svg`, …). */
  readonly files?: Readonly<Record<string, string>>;
  /** Anything else worth returning to the user (MLflow run id, URLs). */
  readonly info?: Readonly<Record<string, string | number | boolean>>;
  /** What did not go as it should but did not fail the close (data left in a spool), for `endRun`'s warnings. */
  readonly warnings?: readonly string[];
}
