import { Prov4mlError } from "@prov4ml/core";
import { isRetryableStatus } from "./retry.ts";
import { MlflowS3CredentialsError, MlflowS3Error, MlflowS3PackageMissingError } from "./s3-errors.ts";

/** The MLflow server answered an error (a 4xx that retrying cannot fix, or a 5xx after all retries). */
export class MlflowRequestError extends Prov4mlError {
  readonly status: number;
  /** MLflow's `error_code` (e.g. `INVALID_PARAMETER_VALUE`), or the HTTP reason when the body was not MLflow JSON. */
  readonly errorCode: string;
  readonly endpoint: string;
  constructor(endpoint: string, status: number, errorCode: string, serverMessage: string) {
    super(
      "MLFLOW_REQUEST",
      `MLflow ${endpoint} failed with ${status} ${errorCode}: ${serverMessage.slice(0, 500)}`,
    );
    this.status = status;
    this.errorCode = errorCode;
    this.endpoint = endpoint;
  }
}

/** 401/403: the server wants (other) credentials. Never carries the credentials themselves. */
export class MlflowAuthError extends MlflowRequestError {
  constructor(
    endpoint: string,
    status: number,
    errorCode: string,
    serverUri: string,
    sentCredentials: boolean,
  ) {
    super(
      endpoint,
      status,
      errorCode,
      status === 401
        ? `the MLflow server at ${serverUri} requires authentication${sentCredentials ? " and rejected the credentials sent" : ""}. Set MLFLOW_TRACKING_TOKEN (Bearer) or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (Basic), or the token/username/password options, to valid credentials.`
        : `the MLflow server at ${serverUri} denied access: the configured user lacks permission for this experiment or run. Ask its administrator for access.`,
    );
    Object.defineProperty(this, "code", { value: "MLFLOW_AUTH" });
  }
}

/** The server could not be reached (connection refused, DNS, timeout) after all retries. */
export class MlflowUnreachableError extends Prov4mlError {
  constructor(serverUri: string, endpoint: string, cause: unknown) {
    const reason = describeNetworkError(cause);
    super(
      "MLFLOW_UNREACHABLE",
      `cannot reach the MLflow server at ${serverUri} (${endpoint}: ${reason}). Check MLFLOW_TRACKING_URI and that the server is running; prov4ml spools to disk and \`prov4ml sync <run dir>\` delivers later.`,
      { cause },
    );
  }
}

/**
 * A 2xx answer whose body is not MLflow's JSON: something other than the MLflow server answered (an
 * auth proxy's login page, a captive portal). Transient: the request is retried, then spooled.
 */
export class MlflowBadResponseError extends Prov4mlError {
  readonly status: number;
  constructor(serverUri: string, endpoint: string, status: number, contentType: string, body: string) {
    const excerpt = body.replace(/\s+/g, " ").trim().slice(0, 80);
    super(
      "MLFLOW_BAD_RESPONSE",
      `${endpoint} at ${serverUri} answered ${status} with a body that is not MLflow's JSON (${contentType}: ${JSON.stringify(excerpt)}). Something other than the MLflow server answered — a login page, proxy or captive portal? Point MLFLOW_TRACKING_URI at the MLflow server itself; nothing was counted as delivered and prov4ml spools until the server answers.`,
    );
    this.status = status;
  }
}

/** A key or value that MLflow would reject, found before anything was sent. */
export class MlflowValidationError extends Prov4mlError {
  constructor(message: string) {
    super("MLFLOW_INVALID", message);
  }
}

/**
 * `syncRunDirectory` stopped before the spool was delivered (the server stayed away, or the overall
 * limit passed). Nothing is lost: what was acknowledged is past the cursor, the rest waits for the
 * next sync.
 */
export class MlflowSyncIncompleteError extends Prov4mlError {
  readonly remainingBytes: number;
  constructor(runDir: string, reason: string, remainingBytes: number, cause?: unknown) {
    super(
      "MLFLOW_SYNC_INCOMPLETE",
      `gave up syncing ${runDir}: ${reason}. Nothing is lost: ${remainingBytes} bytes stay in its mlflow_spool/ for the next \`prov4ml sync\` once the server answers.`,
      { cause },
    );
    this.remainingBytes = remainingBytes;
  }
}

/** Configuration that cannot work (no tracking URI and no save dir, a bad URI, …). */
export class MlflowConfigError extends Prov4mlError {
  constructor(message: string) {
    super("MLFLOW_CONFIG", message);
  }
}

/** What went wrong on the network, in words (undici's messages are terse: "fetch failed", "terminated"). */
export function describeNetworkError(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    const code = (inner as { code?: string } | undefined)?.code ?? (cause as { code?: string }).code;
    if (cause.name === "TimeoutError") return "no answer within the request timeout";
    if (cause.name === "AbortError") return "request aborted";
    // undici's words for a connection closed while the response was still arriving.
    if (cause.message === "terminated" || code === "UND_ERR_SOCKET" || code === "ECONNRESET") {
      return "the connection was cut before the response was complete";
    }
    return code ? `${code}` : cause.message;
  }
  return String(cause);
}

/**
 * How a failed delivery is handled — the one retry policy's last step: `transient` (network, cut
 * response, 408/429/5xx after retries, an unreadable 2xx, an aborted request) goes to the spool and
 * is delivered later; `auth` goes to the spool until the credentials are fixed; `rejected` is a 4xx
 * the server means, reported and not retried.
 */
export function failureKind(error: unknown): "transient" | "auth" | "rejected" {
  if (error instanceof MlflowAuthError) return "auth";
  // Spooled until fixed (keys corrected, the optional S3 package installed), then synced.
  if (error instanceof MlflowS3CredentialsError || error instanceof MlflowS3PackageMissingError)
    return "auth";
  if (error instanceof MlflowS3Error) return error.retryable ? "transient" : "rejected";
  if (error instanceof MlflowUnreachableError || error instanceof MlflowBadResponseError) return "transient";
  if (error instanceof MlflowRequestError) return isRetryableStatus(error.status) ? "transient" : "rejected";
  return "rejected";
}
