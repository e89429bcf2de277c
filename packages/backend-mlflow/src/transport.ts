import type { MlflowConnection } from "./connection.ts";
import {
  MlflowAuthError,
  MlflowBadResponseError,
  MlflowRequestError,
  MlflowUnreachableError,
} from "./errors.ts";
import { backoffDelay, isRetryableStatus, type RetryPolicy, sleep } from "./retry.ts";
import { putFileStreamed } from "./streamed-put.ts";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** What a caller learns about a failed attempt that is retried (progress lines in `prov4ml sync`). */
export interface RetryNotice {
  endpoint: string;
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  error: Error;
}

export interface TransportSettings {
  connection: MlflowConnection;
  fetch: FetchLike;
  retry: RetryPolicy;
  timeoutMs: number;
  /** Aborts every request of this transport (the backend's close, sync's overall limit). */
  signal?: AbortSignal | undefined;
  onRetry?: ((notice: RetryNotice) => void) | undefined;
}

export interface SendOptions {
  query?: Record<string, string | number | readonly string[] | undefined>;
  /** A JSON string, or a value to serialise. */
  body?: unknown;
  /** A fresh body per attempt (streams cannot be re-read). */
  bodyFactory?: () => NonNullable<RequestInit["body"]>;
  /** PUT this local file as the body, streamed with backpressure (large artifacts). */
  filePath?: string;
  contentType?: string;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal | undefined;
}

/** How a successful response is read; "json" fails on a body that is not JSON (a proxy's page). */
export type ResponseReader = "json" | "text" | "bytes";

type Attempt<T> = { value: T } | { error: Error; retryable: boolean; retryAfter?: string | null };

/**
 * The HTTP transport to an MLflow server: one request, its retries and the classification of what
 * came back. It holds no run state. Transient failures (network errors, a response cut off mid-way,
 * 408/429/5xx, a 2xx whose body is not MLflow's JSON) are retried with backoff and end as
 * `MlflowUnreachableError` or `MlflowBadResponseError`, which callers spool; 4xx with an MLflow
 * error body end as `MlflowRequestError` at once (a rejection the server means).
 */
export class MlflowTransport {
  readonly trackingUri: string;
  readonly #s: TransportSettings;

  constructor(settings: TransportSettings) {
    this.#s = settings;
    this.trackingUri = settings.connection.uri;
  }

  get hasCredentials(): boolean {
    return Boolean(this.#s.connection.authorization);
  }

  async send<T>(method: string, path: string, options: SendOptions, reader: ResponseReader): Promise<T> {
    const policy = { ...this.#s.retry, ...options.retry };
    const endpoint = `${method} ${path.replace(/^\/api\/2\.0\//, "")}`;
    const signal = anySignal(options.signal, this.#s.signal);
    for (let attempt = 0; ; attempt++) {
      const result = await this.#attempt<T>(method, path, endpoint, options, reader, signal);
      if ("value" in result) return result.value;
      if (signal?.aborted || !result.retryable || attempt >= policy.maxRetries) throw result.error;
      const delayMs = backoffDelay(policy, attempt, result.retryAfter);
      this.#s.onRetry?.({ endpoint, attempt: attempt + 1, delayMs, error: result.error });
      await sleep(delayMs, signal);
      if (signal?.aborted) throw result.error;
    }
  }

  async #attempt<T>(
    method: string,
    path: string,
    endpoint: string,
    options: SendOptions,
    reader: ResponseReader,
    signal: AbortSignal | undefined,
  ): Promise<Attempt<T>> {
    const timeout = AbortSignal.timeout(this.#s.timeoutMs);
    const init: RequestInit & { duplex?: string } = {
      method,
      headers: this.#headers(options),
      body: options.bodyFactory ? options.bodyFactory() : serialise(options.body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    };
    if (options.bodyFactory) init.duplex = "half";
    let response: Response;
    let text: string | undefined;
    let bytes: ArrayBuffer | undefined;
    try {
      response = options.filePath
        ? await putFileStreamed(
            this.#url(path, options.query),
            this.#headers(options),
            options.filePath,
            init.signal ?? undefined,
          )
        : await this.#s.fetch(this.#url(path, options.query), init);
      // The body is part of the answer: a connection cut while reading it is a network failure.
      if (reader === "bytes" && response.ok) bytes = await response.arrayBuffer();
      else text = await response.text();
    } catch (error) {
      return { error: new MlflowUnreachableError(this.trackingUri, endpoint, error), retryable: true };
    }
    if (!response.ok) {
      const error = this.#errorFor(endpoint, response, text ?? "");
      return {
        error,
        retryable: isRetryableStatus(response.status),
        retryAfter: response.headers.get("retry-after"),
      };
    }
    if (reader === "bytes") return { value: new Uint8Array(bytes!) as T };
    if (reader === "text") return { value: text as T };
    try {
      return { value: (text ? JSON.parse(text) : {}) as T };
    } catch {
      const contentType = response.headers.get("content-type") ?? "no content type";
      const error = new MlflowBadResponseError(
        this.trackingUri,
        endpoint,
        response.status,
        contentType,
        text ?? "",
      );
      return { error, retryable: true };
    }
  }

  #headers(options: SendOptions): Record<string, string> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.#s.connection.authorization) headers.authorization = this.#s.connection.authorization;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.contentType) headers["content-type"] = options.contentType;
    return headers;
  }

  #errorFor(endpoint: string, response: Response, text: string): MlflowRequestError {
    let errorCode = response.statusText || `HTTP_${response.status}`;
    let message = text.slice(0, 300);
    try {
      const parsed = JSON.parse(text) as { error_code?: string; message?: string };
      if (parsed.error_code) errorCode = parsed.error_code;
      if (parsed.message) message = parsed.message;
    } catch {
      // Not MLflow JSON (a proxy's page): keep the status.
    }
    if (response.status === 401 || response.status === 403) {
      return new MlflowAuthError(endpoint, response.status, errorCode, this.trackingUri, this.hasCredentials);
    }
    return new MlflowRequestError(endpoint, response.status, errorCode, message);
  }

  #url(path: string, query?: SendOptions["query"]): string {
    const url = new URL(this.trackingUri + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item));
      else url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /** True when GET /health answers 200 (one attempt, no retries). */
  async health(timeoutMs = 5000): Promise<boolean> {
    try {
      const headers: Record<string, string> = {};
      if (this.#s.connection.authorization) headers.authorization = this.#s.connection.authorization;
      const signal = anySignal(AbortSignal.timeout(timeoutMs), this.#s.signal);
      const response = await this.#s.fetch(`${this.trackingUri}/health`, { headers, signal: signal! });
      await response.text();
      return response.ok;
    } catch {
      return false;
    }
  }
}

function serialise(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  return typeof body === "string" ? body : JSON.stringify(body);
}

function anySignal(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (!a) return b;
  if (!b) return a;
  return AbortSignal.any([a, b]);
}
