/** When and how long to wait before retrying a request. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  /** Delay before the first retry (ms); doubles with each retry. */
  readonly baseDelayMs: number;
  /** Upper bound of one delay (ms). */
  readonly maxDelayMs: number;
  /** Random extra wait, as a fraction of the delay (0 = none, 1 = up to 100 %). */
  readonly jitter: number;
}

/** Defaults close to the Python client (5 retries, exponential), with shorter waits for a training loop. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  jitter: 1,
};

/** Statuses the Python client retries; other 4xx are the caller's mistake and never retried. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** Delay before retry number `retry` (0-based); honours a server `Retry-After` (seconds or date). */
export function backoffDelay(
  policy: RetryPolicy,
  retry: number,
  retryAfter?: string | null,
  random: () => number = Math.random,
): number {
  const fromServer = parseRetryAfter(retryAfter);
  if (fromServer !== undefined) return Math.min(fromServer, policy.maxDelayMs);
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.min(policy.maxDelayMs, exponential * (1 + policy.jitter * random()));
}

export function parseRetryAfter(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** A wait that ends early (resolving) when `signal` aborts, so a closed session holds no timer. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

/** A wait that does not keep the process alive (background probes, bounded waits raced with work). */
export const idleWait = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
