import {
  type ArtifactContent,
  artifactRootOf,
  getArtifact,
  uploadDirectoryFiles,
} from "./artifact-transfer.ts";
import { ArtifactUploadRouter } from "./artifact-upload.ts";
import { validateBatch } from "./batch-validation.ts";
import { type BatchContent, logBatchBody, type SerializedBatch, splitIntoBatches } from "./batching.ts";
import type {
  CreateRunOptions,
  MetricPoint,
  MlflowClientOptions,
  RequestOptions,
  SearchRunsOptions,
} from "./client-options.ts";
import { resolveConnection } from "./connection.ts";
import { MlflowConfigError, MlflowRequestError } from "./errors.ts";
import { getOrCreateExperimentId } from "./experiment-lookup.ts";
import { readAllPages } from "./paging.ts";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.ts";
import {
  createRunBody,
  type RunUpdate,
  type SearchExperimentsOptions,
  searchExperimentsBody,
  searchRunsBody,
  toKeyValues,
  toMetricPoint,
  updateRunBody,
} from "./tracking-bodies.ts";
import { MlflowTransport } from "./transport.ts";
import { validateExperimentName, validateKey, validateTagValue } from "./validation.ts";
import {
  type MlflowExperiment,
  type MlflowFileInfo,
  type MlflowRun,
  type MlflowRunInfo,
  toWireMetric,
  type WireDatasetInput,
  type WireMetric,
} from "./wire.ts";

export type { FetchLike, RetryNotice } from "./transport.ts";

const API = "/api/2.0/mlflow";

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
  readonly #uploads: ArtifactUploadRouter;

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
    this.#uploads = new ArtifactUploadRouter(this.#transport, {
      retry: options.retry,
      partBytes: options.artifactPartBytes,
      onProgress: options.onUploadProgress,
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
      const query = { experiment_name: name };
      const path = `${API}/experiments/get-by-name`;
      const result = await this.request<{ experiment: MlflowExperiment }>("GET", path, { query });
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

  /** The id of the experiment named `name`, created (or restored) when missing; race-safe. */
  getOrCreateExperiment(name: string): Promise<string> {
    return getOrCreateExperimentId(this, name);
  }

  async searchExperiments(
    options: SearchExperimentsOptions = {},
  ): Promise<{ experiments: MlflowExperiment[]; nextPageToken?: string }> {
    const result = await this.request<{ experiments?: MlflowExperiment[]; next_page_token?: string }>(
      "POST",
      `${API}/experiments/search`,
      { body: searchExperimentsBody(options) },
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
      body: createRunBody(options, tags),
      retry: retry ?? { maxRetries: 0 },
    });
    return result.run.info;
  }

  async updateRun(runId: string, update: RunUpdate, options: Omit<RequestOptions, "body"> = {}) {
    const result = await this.request<{ run_info: MlflowRunInfo }>("POST", `${API}/runs/update`, {
      ...options,
      body: updateRunBody(runId, update),
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
      { body: searchRunsBody(options) },
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
  getMetricHistory(runId: string, key: string): Promise<MetricPoint[]> {
    return readAllPages(async (pageToken) => {
      const result = await this.request<{ metrics?: WireMetric[]; next_page_token?: string }>(
        "GET",
        `${API}/metrics/get-history`,
        { query: { run_id: runId, metric_key: key, max_results: 25000, page_token: pageToken } },
      );
      return { items: (result.metrics ?? []).map(toMetricPoint), nextPageToken: result.next_page_token };
    });
  }

  // --- artifacts (through the server's artifact proxy)

  /**
   * Uploads bytes or a local file to `artifactPath` (relative, `/`-separated) of the run: through
   * the server's artifact proxy (`mlflow-artifacts:` roots; a file larger than one part through
   * MLflow's multipart upload where the server's store offers it), or straight to the object store
   * for `s3://` roots of a server without a proxy (needs the optional `@aws-sdk/client-s3`).
   * Files stream from disk in parts; memory stays bounded whatever their size.
   */
  async uploadArtifact(
    run: string | MlflowRunInfo,
    artifactPath: string,
    content: ArtifactContent,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<void> {
    await this.#uploads.upload(await this.#runInfo(run), artifactPath, content, options.signal);
  }

  /** Uploads a local directory recursively under `artifactPath`. */
  async uploadArtifactDirectory(
    run: string | MlflowRunInfo,
    artifactPath: string,
    directory: string,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<void> {
    const info = await this.#runInfo(run);
    await uploadDirectoryFiles(directory, artifactPath, (remote, filePath) =>
      this.uploadArtifact(info, remote, { filePath }, options),
    );
  }

  /** Lists a run's artifacts at `path` (`artifacts/list`). */
  listArtifacts(runId: string, path?: string): Promise<MlflowFileInfo[]> {
    return readAllPages(async (pageToken) => {
      const result = await this.request<{ files?: MlflowFileInfo[]; next_page_token?: string }>(
        "GET",
        `${API}/artifacts/list`,
        { query: { run_id: runId, path, page_token: pageToken } },
      );
      return { items: result.files ?? [], nextPageToken: result.next_page_token };
    });
  }

  /** Downloads one artifact file of a proxied run. */
  async downloadArtifact(run: string | MlflowRunInfo, artifactPath: string): Promise<Uint8Array> {
    return getArtifact(this.#transport, artifactRootOf(await this.#runInfo(run)), artifactPath);
  }

  async #runInfo(run: string | MlflowRunInfo): Promise<MlflowRunInfo> {
    return typeof run === "string" ? (await this.getRun(run)).info : run;
  }
}
