import type { ProvDocument } from "../prov/document.ts";
import type { Attributes } from "../prov/literals.ts";
import type { RunBatch } from "./events.ts";
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
