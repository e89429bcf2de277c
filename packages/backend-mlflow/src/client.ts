import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { encodePath, joinArtifactPath, proxiedArtifactRoot } from "./artifact-location.ts";
import { type BatchContent, logBatchBody, type SerializedBatch, splitIntoBatches } from "./batching.ts";
import { type MlflowConnectionOptions, resolveConnection } from "./connection.ts";
import { MlflowConfigError, MlflowRequestError, MlflowValidationError } from "./errors.ts";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.ts";
import { type FetchLike, MlflowTransport, type RetryNotice } from "./transport.ts";
import {
  validateExperimentName,
  validateKey,
  validateMetricPoint,
  validateParamValue,
  validateTagValue,
} from "./validation.ts";
import {
  fromWireValue,
  type KeyValue,
  type MlflowExperiment,
  type MlflowFileInfo,
  type MlflowRun,
  type MlflowRunInfo,
  type MlflowRunStatus,
  toWireMetric,
  type WireDatasetInput,
  type WireMetric,
} from "./wire.ts";

export type { FetchLike, RetryNotice } from "./transport.ts";

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

const API = "/api/2.0/mlflow";
const ARTIFACTS_API = "/api/2.0/mlflow-artifacts/artifacts";

/**
 * A complete client for the MLflow Tracking REST API (experiments, runs, batched logging, datasets,
 * metric history, search, proxied artifacts). Requests retry network errors, 408, 429 and 5xx with
 * exponential backoff and jitter; other errors throw `MlflowRequestError` (`MlflowAuthError` for
 * 401/403). Keys and values are validated before anything is sent. Credentials never appear in errors.
 */
export class MlflowClient {
  /** The tracking URI without credentials. */
  readonly trackingUri: string;
  readonly #transport: MlflowTransport;

  constructor(options: MlflowClientOptions = {}) {
    const connection = resolveConnection(options);
    if (!connection) {
      throw new MlflowConfigError("no MLflow tracking URI: pass trackingUri or set MLFLOW_TRACKING_URI.");
    }
    this.trackingUri = connection.uri;
    this.#transport = new MlflowTransport({
      connection,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      timeoutMs: options.requestTimeoutMs ?? 120_000,
      signal: options.signal,
      onRetry: options.onRetry,
    });
  }

  /** Sends one request with retries and returns the parsed JSON body (`{}` when empty). */
  request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return this.#transport.send<T>(method, path, options, "json");
  }

  /** True when GET /health answers 200 (one attempt, no retries). */
  health(timeoutMs = 5000): Promise<boolean> {
    return this.#transport.health(timeoutMs);
  }

  /** The server's MLflow version (GET /version). */
  async version(): Promise<string> {
    return (await this.#transport.send<string>("GET", "/version", {}, "text")).trim();
  }

  // --- experiments

  async getExperimentByName(name: string): Promise<MlflowExperiment | undefined> {
    try {
      const result = await this.request<{ experiment: MlflowExperiment }>(
        "GET",
        `${API}/experiments/get-by-name`,
        {
          query: { experiment_name: name },
        },
      );
      return result.experiment;
    } catch (error) {
      if (error instanceof MlflowRequestError && error.errorCode === "RESOURCE_DOES_NOT_EXIST")
        return undefined;
      throw error;
    }
  }

  async getExperiment(experimentId: string): Promise<MlflowExperiment> {
    const result = await this.request<{ experiment: MlflowExperiment }>("GET", `${API}/experiments/get`, {
      query: { experiment_id: experimentId },
    });
    return result.experiment;
  }

  async createExperiment(
    name: string,
    options: { artifactLocation?: string; tags?: Record<string, string> } = {},
  ): Promise<string> {
    validateExperimentName(name);
    const result = await this.request<{ experiment_id: string }>("POST", `${API}/experiments/create`, {
      body: { name, artifact_location: options.artifactLocation, tags: toKeyValues(options.tags) },
    });
    return result.experiment_id;
  }

  /**
   * The id of the experiment named `name`, created when missing. Race-safe: when another process
   * creates it first (RESOURCE_ALREADY_EXISTS), or a lost response makes a retry see it, the
   * existing one is returned. A deleted experiment of that name is restored first.
   */
  async getOrCreateExperiment(name: string): Promise<string> {
    validateExperimentName(name);
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await this.getExperimentByName(name);
      if (existing) {
        if (existing.lifecycle_stage === "deleted") {
          await this.request("POST", `${API}/experiments/restore`, {
            body: { experiment_id: existing.experiment_id },
          });
        }
        return existing.experiment_id;
      }
      try {
        return await this.createExperiment(name);
      } catch (error) {
        if (!(error instanceof MlflowRequestError && error.errorCode === "RESOURCE_ALREADY_EXISTS"))
          throw error;
      }
    }
    throw new MlflowConfigError(
      `experiment "${name}" exists but cannot be read: check permissions on the server.`,
    );
  }

  async searchExperiments(
    options: { filter?: string; maxResults?: number; pageToken?: string; viewType?: string } = {},
  ): Promise<{ experiments: MlflowExperiment[]; nextPageToken?: string }> {
    const result = await this.request<{ experiments?: MlflowExperiment[]; next_page_token?: string }>(
      "POST",
      `${API}/experiments/search`,
      {
        body: {
          filter: options.filter,
          max_results: options.maxResults ?? 1000,
          page_token: options.pageToken,
          view_type: options.viewType,
        },
      },
    );
    return { experiments: result.experiments ?? [], nextPageToken: result.next_page_token };
  }

  async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    await this.request("POST", `${API}/experiments/set-experiment-tag`, {
      body: { experiment_id: experimentId, key, value },
    });
  }

  // --- runs

  /** Creates a run. Not retried on ambiguous failures (a retry could create a second run). */
  async createRun(options: CreateRunOptions, retry?: Partial<RetryPolicy>): Promise<MlflowRunInfo> {
    const tags = Array.isArray(options.tags) ? options.tags : toKeyValues(options.tags);
    for (const tag of tags ?? []) {
      validateKey("tag", tag.key);
      validateTagValue(tag.key, tag.value);
    }
    const result = await this.request<{ run: MlflowRun }>("POST", `${API}/runs/create`, {
      body: {
        experiment_id: options.experimentId,
        run_name: options.runName,
        start_time: Math.floor(options.startTime ?? Date.now()),
        tags,
      },
      retry: retry ?? { maxRetries: 0 },
    });
    return result.run.info;
  }

  async updateRun(
    runId: string,
    update: { status?: MlflowRunStatus; endTime?: number; runName?: string },
    options: Omit<RequestOptions, "body"> = {},
  ) {
    const result = await this.request<{ run_info: MlflowRunInfo }>("POST", `${API}/runs/update`, {
      ...options,
      body: {
        run_id: runId,
        status: update.status,
        end_time: update.endTime === undefined ? undefined : Math.floor(update.endTime),
        run_name: update.runName,
      },
    });
    return result.run_info;
  }

  async getRun(runId: string): Promise<MlflowRun> {
    const result = await this.request<{ run: MlflowRun }>("GET", `${API}/runs/get`, {
      query: { run_id: runId },
    });
    return result.run;
  }

  async deleteRun(runId: string): Promise<void> {
    await this.request("POST", `${API}/runs/delete`, { body: { run_id: runId } });
  }

  async searchRuns(options: SearchRunsOptions): Promise<{ runs: MlflowRun[]; nextPageToken?: string }> {
    const result = await this.request<{ runs?: MlflowRun[]; next_page_token?: string }>(
      "POST",
      `${API}/runs/search`,
      {
        body: {
          experiment_ids: options.experimentIds,
          filter: options.filter,
          max_results: options.maxResults ?? 1000,
          order_by: options.orderBy,
          page_token: options.pageToken,
          run_view_type: options.runViewType,
        },
      },
    );
    return { runs: result.runs ?? [], nextPageToken: result.next_page_token };
  }

  // --- logging

  /**
   * Logs metrics, params and tags, split into as many log-batch requests as MLflow's limits need.
   * Everything is validated first: an invalid key or value throws `MlflowValidationError` and
   * nothing is sent.
   */
  async logBatch(runId: string, content: BatchContent): Promise<void> {
    validateBatch(content);
    for (const batch of splitIntoBatches(content)) await this.sendBatch(runId, batch);
  }

  /** Sends one pre-split, pre-validated batch (what the background queue uses). */
  async sendBatch(
    runId: string,
    batch: SerializedBatch | string,
    options: Omit<RequestOptions, "body"> = {},
  ) {
    await this.request("POST", `${API}/runs/log-batch`, {
      ...options,
      body: typeof batch === "string" ? batch : logBatchBody(runId, batch),
    });
  }

  async logMetric(
    runId: string,
    key: string,
    value: number,
    options: { timestamp?: number; step?: number } = {},
  ) {
    await this.logBatch(runId, {
      metrics: [toWireMetric(key, value, options.timestamp ?? Date.now(), options.step ?? 0)],
    });
  }

  async logParam(runId: string, key: string, value: string): Promise<void> {
    await this.logBatch(runId, { params: [{ key, value }] });
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.logBatch(runId, { tags: [{ key, value }] });
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await this.request("POST", `${API}/runs/delete-tag`, { body: { run_id: runId, key } });
  }

  /** Logs dataset inputs (`runs/log-inputs`). */
  async logInputs(runId: string, datasets: WireDatasetInput[], options: Omit<RequestOptions, "body"> = {}) {
    await this.request("POST", `${API}/runs/log-inputs`, { ...options, body: { run_id: runId, datasets } });
  }

  /** Every point of one metric, all pages. */
  async getMetricHistory(runId: string, key: string): Promise<MetricPoint[]> {
    const points: MetricPoint[] = [];
    let pageToken: string | undefined;
    do {
      const result = await this.request<{ metrics?: WireMetric[]; next_page_token?: string }>(
        "GET",
        `${API}/metrics/get-history`,
        { query: { run_id: runId, metric_key: key, max_results: 25000, page_token: pageToken } },
      );
      for (const metric of result.metrics ?? []) {
        points.push({
          key: metric.key,
          value: fromWireValue(metric.value),
          timestamp: Number(metric.timestamp),
          step: Number(metric.step ?? 0),
        });
      }
      pageToken = result.next_page_token || undefined;
    } while (pageToken);
    return points;
  }

  // --- artifacts (through the server's artifact proxy)

  /** Uploads bytes or a local file to `artifactPath` (relative, `/`-separated) of the run. */
  async uploadArtifact(
    run: string | MlflowRunInfo,
    artifactPath: string,
    content: string | Uint8Array | { filePath: string },
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<void> {
    const root = await this.#artifactRoot(run);
    const path = `${ARTIFACTS_API}/${encodePath(joinArtifactPath(root, artifactPath))}`;
    if (typeof content === "object" && "filePath" in content) {
      const { filePath } = content;
      await this.#transport.send(
        "PUT",
        path,
        {
          signal: options.signal,
          contentType: "application/octet-stream",
          bodyFactory: () =>
            Readable.toWeb(createReadStream(filePath)) as unknown as NonNullable<RequestInit["body"]>,
        },
        "json",
      );
      return;
    }
    await this.#transport.send(
      "PUT",
      path,
      {
        signal: options.signal,
        contentType: "application/octet-stream",
        bodyFactory: () => content as NonNullable<RequestInit["body"]>,
      },
      "json",
    );
  }

  /** Uploads a local directory recursively under `artifactPath`. */
  async uploadArtifactDirectory(
    run: string | MlflowRunInfo,
    artifactPath: string,
    directory: string,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<void> {
    const info = typeof run === "string" ? (await this.getRun(run)).info : run;
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      const local = join(directory, entry.name);
      const remote = joinArtifactPath(artifactPath, entry.name);
      if (entry.isDirectory()) await this.uploadArtifactDirectory(info, remote, local, options);
      else if ((await stat(local)).isFile())
        await this.uploadArtifact(info, remote, { filePath: local }, options);
    }
  }

  /** Lists a run's artifacts at `path` (`artifacts/list`). */
  async listArtifacts(runId: string, path?: string): Promise<MlflowFileInfo[]> {
    const files: MlflowFileInfo[] = [];
    let pageToken: string | undefined;
    do {
      const result = await this.request<{ files?: MlflowFileInfo[]; next_page_token?: string }>(
        "GET",
        `${API}/artifacts/list`,
        { query: { run_id: runId, path, page_token: pageToken } },
      );
      files.push(...(result.files ?? []));
      pageToken = result.next_page_token || undefined;
    } while (pageToken);
    return files;
  }

  /** Downloads one artifact file of a proxied run. */
  async downloadArtifact(run: string | MlflowRunInfo, artifactPath: string): Promise<Uint8Array> {
    const root = await this.#artifactRoot(run);
    const path = `${ARTIFACTS_API}/${encodePath(joinArtifactPath(root, artifactPath))}`;
    return this.#transport.send<Uint8Array>("GET", path, {}, "bytes");
  }

  async #artifactRoot(run: string | MlflowRunInfo): Promise<string> {
    const info = typeof run === "string" ? (await this.getRun(run)).info : run;
    if (!info.artifact_uri) throw new MlflowConfigError(`run ${info.run_id} has no artifact URI.`);
    return proxiedArtifactRoot(info.artifact_uri);
  }
}

function toKeyValues(record: Record<string, string> | undefined): KeyValue[] | undefined {
  return record ? Object.entries(record).map(([key, value]) => ({ key, value })) : undefined;
}

function validateBatch(content: BatchContent): void {
  for (const metric of content.metrics ?? []) {
    validateKey("metric", metric.key);
    validateMetricPoint(metric.key, fromWireValue(metric.value), metric.timestamp, metric.step);
  }
  const params = new Map<string, string>();
  for (const param of content.params ?? []) {
    validateKey("param", param.key);
    validateParamValue(param.key, param.value);
    const previous = params.get(param.key);
    if (previous !== undefined && previous !== param.value) {
      throw new MlflowValidationError(
        `param "${param.key}" appears twice with different values; MLflow params are immutable.`,
      );
    }
    params.set(param.key, param.value);
  }
  for (const tag of content.tags ?? []) {
    validateKey("tag", tag.key);
    validateTagValue(tag.key, tag.value);
  }
}
