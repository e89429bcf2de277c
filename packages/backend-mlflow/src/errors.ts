import { Prov4mlError } from "@prov4ml/core";

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

/** A key or value that MLflow would reject, found before anything was sent. */
export class MlflowValidationError extends Prov4mlError {
  constructor(message: string) {
    super("MLFLOW_INVALID", message);
  }
}

/** Configuration that cannot work (no tracking URI and no save dir, a bad URI, …). */
export class MlflowConfigError extends Prov4mlError {
  constructor(message: string) {
    super("MLFLOW_CONFIG", message);
  }
}

export function describeNetworkError(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    const code = (inner as { code?: string } | undefined)?.code ?? (cause as { code?: string }).code;
    if (cause.name === "TimeoutError" || cause.name === "AbortError") return "request timed out";
    return code ? `${code}` : cause.message;
  }
  return String(cause);
}
