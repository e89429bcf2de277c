/**
 * @prov4ml/backend-mlflow — logs prov4ml runs to MLflow: over the Tracking REST API (non-blocking
 * queue, spool to disk when the server is away, `syncRunDirectory` to deliver later,
 * `pushRunDirectory` for runs made without MLflow), or into a
 * local file store (`mlflowSaveDir`). Also a complete TypeScript MLflow client (`MlflowClient`).
 *
 * @packageDocumentation
 */
export type { AttachedContent, MlflowBackendPlugin } from "./attach-file.ts";
export { BACKEND_NAME, mlflowBackend, openMlflowSession } from "./backend.ts";
export { type BatchContent, type SerializedBatch, splitIntoBatches } from "./batching.ts";
export { type FetchLike, MlflowClient, type RetryNotice } from "./client.ts";
export type {
  CreateRunOptions,
  MetricPoint,
  MlflowClientOptions,
  RequestOptions,
  SearchRunsOptions,
} from "./client-options.ts";
export {
  type MlflowConnection,
  type MlflowConnectionOptions,
  redactUri,
  resolveConnection,
} from "./connection.ts";
export { DATASET_SHA256_TAG } from "./dataset-digest.ts";
export {
  failureKind,
  MlflowAuthError,
  MlflowBadResponseError,
  MlflowConfigError,
  MlflowRequestError,
  MlflowSyncIncompleteError,
  MlflowUnreachableError,
  MlflowValidationError,
} from "./errors.ts";
export type { UploadProgress } from "./file-parts.ts";
export { MLFLOW_LIMITS } from "./limits.ts";
export { LocalStoreSession } from "./local-store.ts";
export { type MlflowLoggedModel, searchLoggedModels } from "./logged-models.ts";
export {
  type MetricKeyFormat,
  metricKeyResolver,
  systemMetricName,
  USER_METRIC_SOURCE,
} from "./metric-keys.ts";
export type { MlflowBackendOptions } from "./options.ts";
export { type PushedRankSource, type PushOptions, type PushReport, pushRunDirectory } from "./push.ts";
export { backoffDelay, DEFAULT_RETRY_POLICY, isRetryableStatus, type RetryPolicy } from "./retry.ts";
export type { PushRunView, PushSeries } from "./run-directory-spool.ts";
export { HANDOFF_FILE_NAME, PROV4ML_RUN_ID_TAG } from "./run-resolver.ts";
export { MlflowS3CredentialsError, MlflowS3Error, MlflowS3PackageMissingError } from "./s3-errors.ts";
export { MlflowSession } from "./session.ts";
export { SPOOL_DIR_NAME } from "./spool.ts";
export { type SyncOptions, type SyncReport, syncRunDirectory } from "./sync.ts";
export { keyProblem, validateKey } from "./validation.ts";
export type {
  KeyValue,
  MlflowExperiment,
  MlflowFileInfo,
  MlflowRun,
  MlflowRunInfo,
  MlflowRunStatus,
  WireDatasetInput,
  WireMetric,
} from "./wire.ts";
export { toWireMetric } from "./wire.ts";
