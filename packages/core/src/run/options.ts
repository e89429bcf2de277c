/** What `startRun` takes. Only `experimentName` is required. */
export interface StartRunOptions {
  /** Name of the experiment; runs are numbered within it. */
  experimentName: string;
  /** Namespace IRI for the run's ids (yProv4ML's `prov_user_namespace`); a bare host gets `http://`. */
  provUserNamespace?: string;
  /** Directory holding `<experimentName>_<N>` run directories. Default `prov`. */
  provenanceSaveDir?: string;
  /** Force the run number N (ranks of one distributed run share it); default: next free. Env: PROV4ML_RUN_NUMBER. */
  runNumber?: number;
  /** Global rank; default from RANK / SLURM_PROCID. */
  rank?: number;
  /** World size; default from WORLD_SIZE / SLURM_NTASKS. */
  worldSize?: number;
  /** A description (MLflow's note). */
  description?: string;
  /** Tags for the run (MLflow tags; recorded in the PROV document too). */
  tags?: Record<string, string>;
  /** How often logged metrics are handed to the backends (ms). A crash loses at most this much. Default 1000. */
  flushIntervalMs?: number;
  /** Background sampling of the `system` collectors; off unless given. */
  systemMetrics?: SamplerOptions | false;
  /** Background sampling of the `carbon` collectors; off unless given. */
  carbonMetrics?: SamplerOptions | false;
  /**
   * Background sampling by collector group (a collector's `group`), e.g. `{ gpu: { intervalMs: 500 } }`.
   * `systemMetrics` and `carbonMetrics` are shorthands for the groups `system` and `carbon`.
   */
  samplers?: Readonly<Record<string, SamplerOptions | false>>;
  /** Record the git commit, branch, dirty flag and remote of the working directory. Default true. */
  logSourceCode?: boolean;
  /** End the run on process exit, SIGINT/SIGTERM (KILLED) and uncaught exceptions (FAILED). Default true. */
  closeOnExit?: boolean;
  /** How often, at most, a provisional document is checkpointed while the run is in progress (ms). Default 5000. */
  checkpointIntervalMs?: number;
  /**
   * Where default metric timestamps come from: `"system"` (default) calls `Date.now()` for every
   * point, so points agree with the context and run timestamps. `"shared"` opts into a clock a
   * small thread keeps current in shared memory (cheaper per point, but on a busy machine it can
   * lag by tens of milliseconds, and `prov4ml validate` may then flag the document).
   */
  clock?: "shared" | "system";
}

export interface SamplerOptions {
  /** Sampling period in milliseconds. */
  intervalMs: number;
  /** Context the samples are logged under. Default `training`. */
  context?: string;
}

/** What `endRun` takes. */
export interface EndRunOptions {
  /** Final status; default FINISHED. */
  status?: "FINISHED" | "FAILED" | "KILLED";
  /** Also render the graph as DOT (needs an exporter of format `dot`, e.g. @prov4ml/exporter-dot). */
  createGraph?: boolean;
  /** Also render the graph as SVG (needs an exporter of format `svg`). */
  createSvg?: boolean;
  /** Further formats to render, e.g. `["provn", "turtle"]`. */
  formats?: readonly string[];
  /** How long backends may take to drain (ms). Default 30000. */
  timeoutMs?: number;
  /**
   * Ignore logging calls made after this end instead of throwing RunEndedError. The exit hooks
   * set it: when a signal ends the run, the training loop may still log for a moment before
   * the process dies, and that must not turn a KILLED run into a crash.
   */
  ignoreLateCalls?: boolean;
}

/** What `endRun` returns. */
export interface EndRunResult {
  runName: string;
  runId: string;
  runDir: string;
  status: "FINISHED" | "FAILED" | "KILLED";
  /** Path of the PROV-JSON document, when a backend wrote one. */
  provJsonPath: string | undefined;
  /** Written files by format (`prov-json`, `dot`, `svg`, …). */
  files: Record<string, string>;
  /** Collector totals, e.g. carbon `{ emissions, energy_consumed, … }`. */
  totals: Record<string, number>;
  /** Extra information from backends (MLflow run id, …). */
  backendInfo: Record<string, string | number | boolean>;
  /** Problems met while ending (a backend that timed out, a disk that filled up). */
  warnings: string[];
}
