import type { FetchLike } from "./client.ts";
import type { MetricKeyFormat } from "./metric-keys.ts";
import type { RetryPolicy } from "./retry.ts";

/** Options of `mlflowBackend`. Every one has an MLflow-style environment default. */
export interface MlflowBackendOptions {
  /** `http(s)://…` of the tracking server. Default env `MLFLOW_TRACKING_URI`. */
  trackingUri?: string;
  /** MLflow experiment. Default env `MLFLOW_EXPERIMENT_NAME`, else the run's `experimentName`. */
  experimentName?: string;
  /** Bearer token. Default env `MLFLOW_TRACKING_TOKEN`; wins over username/password. */
  token?: string;
  /** Basic auth. Default env `MLFLOW_TRACKING_USERNAME` / `MLFLOW_TRACKING_PASSWORD`. */
  username?: string;
  password?: string;
  /**
   * The local store (`mlflowSaveDir`): used when no tracking URI is configured. Default env
   * `PROV4ML_MLFLOW_SAVE_DIR`. Open it with `MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri <dir>`.
   */
  saveDir?: string;
  /** Log into this existing MLflow run. Default env `PROV4ML_MLFLOW_RUN_ID`, then `MLFLOW_RUN_ID`. */
  runId?: string;
  /** Metric key per series; default `{context}/{name}` (`{context}/{name}/GR{rank}` with several ranks). */
  contextKeyFormat?: MetricKeyFormat;
  /**
   * Upper bound of the drain in `endRun` (ms), on top of `endRun`'s own `timeoutMs` (default 30 s).
   * Past it, pending requests are aborted and the rest (the end status too) is spooled for
   * `prov4ml sync`, so a silent server never holds the process. Default: no extra bound.
   */
  drainTimeoutMs?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** Metric points queued in memory before the queue overflows to the spool on disk. Default 500000. */
  maxQueuedPoints?: number;
  /** Retries of a live request before the server counts as away (then: spool, probe, replay). */
  retry?: Partial<RetryPolicy>;
  /** How often an unreachable server is probed (ms). Default 1000. */
  probeIntervalMs?: number;
  /** How long ranks > 0 wait for rank 0's MLflow run id (ms). Default 300000. */
  attachTimeoutMs?: number;
  /** Per-request timeout (ms). Default 120000. */
  requestTimeoutMs?: number;
  /** Part size of multipart artifact uploads (bytes, at least 5 MiB). Default 16 MiB. */
  artifactPartBytes?: number;
  /** Replaces global fetch (unit tests). */
  fetch?: FetchLike;
}
