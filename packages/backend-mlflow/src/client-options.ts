import type { MlflowConnectionOptions } from "./connection.ts";
import type { UploadProgress } from "./file-parts.ts";
import type { RetryPolicy } from "./retry.ts";
import type { FetchLike, RetryNotice } from "./transport.ts";
import type { KeyValue } from "./wire.ts";

export interface MlflowClientOptions extends MlflowConnectionOptions {
  /** Retries for network errors, 408, 429 and 5xx. Default: 5 retries, 0.5 s doubling, full jitter. */
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout (ms). Default 120000, like MLFLOW_HTTP_REQUEST_TIMEOUT. */
  requestTimeoutMs?: number;
  /** Replaces global fetch (tests, proxies). */
  fetch?: FetchLike;
  /** Aborts every request of this client and its retry waits (a closing session, an overall limit). */
  signal?: AbortSignal | undefined;
  /** Told about each retried failure (progress output). */
  onRetry?: ((notice: RetryNotice) => void) | undefined;
  /**
   * Part size of multipart artifact uploads (bytes; at least 5 MiB, S3's minimum). Files larger
   * than one part go in parts, each retried on its own. Default 16 MiB.
   */
  artifactPartBytes?: number;
  /** Told after each uploaded part of a multipart upload (progress of long uploads). */
  onUploadProgress?: ((progress: UploadProgress) => void) | undefined;
}

export interface RequestOptions {
  query?: Record<string, string | number | readonly string[] | undefined>;
  /** Serialised JSON string, or an object to serialise. */
  body?: unknown;
  /** Retry policy for this call only (e.g. none for non-idempotent calls). */
  retry?: Partial<RetryPolicy>;
  /** Aborts the request and its retries. */
  signal?: AbortSignal | undefined;
}

/** A metric point as returned by the server (non-finite values as numbers). */
export interface MetricPoint {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface CreateRunOptions {
  experimentId: string;
  runName?: string;
  /** Epoch ms; default now. */
  startTime?: number;
  tags?: Record<string, string> | KeyValue[];
}

export interface SearchRunsOptions {
  experimentIds: string[];
  filter?: string;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
  runViewType?: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";
}
