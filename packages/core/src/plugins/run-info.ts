import type { Logger } from "./logger.ts";

/** How a run ended, with MLflow's names. */
export type RunStatus = "RUNNING" | "FINISHED" | "FAILED" | "KILLED";

/** What every plugin learns about a run when it starts. */
export interface RunInfo {
  /** A UUID v4, unique across machines. */
  readonly runId: string;
  /** `<experimentName>_GR<rank>_<runNumber>`, the yProv4ML name of the PROV document and root activity. */
  readonly runName: string;
  /** N in `<experimentName>_<N>`; allocated race-free among processes sharing `provenanceSaveDir`. */
  readonly runNumber: number;
  readonly experimentName: string;
  /** Global rank of this process (RANK, SLURM_PROCID, or 0). */
  readonly rank: number;
  /** World size (WORLD_SIZE, SLURM_NTASKS, or 1). */
  readonly worldSize: number;
  /** Absolute path of `<provenanceSaveDir>/<experimentName>_<N>`. */
  readonly runDir: string;
  /** Epoch milliseconds. */
  readonly startTime: number;
  /** The user's namespace IRI (from `provUserNamespace`). */
  readonly userNamespace: string;
  /** The user name recorded as the run's PROV agent. */
  readonly user: string;
  /** Free-form run description (MLflow's note), if given. */
  readonly description: string | undefined;
  /** User tags given at start. */
  readonly tags: Readonly<Record<string, string>>;
  /** The run's flush interval (ms): how much a crash may lose; a backend persisting on its own clock uses it. */
  readonly flushIntervalMs?: number;
  readonly logger: Logger;
}
