import { MlflowValidationError } from "./errors.ts";
import { MLFLOW_LIMITS } from "./limits.ts";

// MLflow's rule (validate_param_and_metric_name), without the colon that non-Windows servers also
// accept, so keys stay valid on every server. Python's `\w` is Unicode-aware, hence \p{L}\p{N}\p{M}.
const KEY_CHARACTERS = /^[\p{L}\p{N}\p{M}_/.\- ]*$/u;

export type KeyKind = "metric" | "param" | "tag";

/** Why MLflow would reject `key`, or undefined when it is fine. */
export function keyProblem(key: string): string | undefined {
  if (typeof key !== "string" || key.length === 0) return "it is empty";
  if (key.length > MLFLOW_LIMITS.keyLength) return `it is longer than ${MLFLOW_LIMITS.keyLength} characters`;
  if (!KEY_CHARACTERS.test(key)) {
    return "MLflow allows only letters, digits, underscores, dashes, periods, spaces and slashes";
  }
  if (!isPathUnique(key)) {
    return "MLflow treats names as paths: no leading or trailing '/', no '//', no '.' or '..' segments";
  }
  return undefined;
}

/** posixpath.normpath(key) == key, not '.', not starting with '..' or '/'. */
function isPathUnique(key: string): boolean {
  if (key.startsWith("/") || key.endsWith("/") || key.includes("//")) return false;
  return key.split("/").every((segment) => segment !== "." && segment !== "..");
}

export function validateKey(kind: KeyKind, key: string): void {
  const problem = keyProblem(key);
  if (problem) {
    throw new MlflowValidationError(
      `invalid MLflow ${kind} key ${JSON.stringify(String(key)).slice(0, 120)}: ${problem}. Rename it (for metrics, or change contextKeyFormat).`,
    );
  }
}

export function validateParamValue(key: string, value: string): void {
  if (value.length > MLFLOW_LIMITS.paramValueLength) {
    throw new MlflowValidationError(
      `param "${key}" has a value of ${value.length} characters; MLflow stores at most ${MLFLOW_LIMITS.paramValueLength}. Log a shorter value, or log the long text as an artifact.`,
    );
  }
}

export function validateTagValue(key: string, value: string): void {
  if (value.length > MLFLOW_LIMITS.tagValueLength) {
    throw new MlflowValidationError(
      `tag "${key}" has a value of ${value.length} characters; MLflow stores at most ${MLFLOW_LIMITS.tagValueLength}. Shorten it or log it as an artifact.`,
    );
  }
}

export function validateMetricPoint(key: string, value: number, timestamp: number, step: number): void {
  if (typeof value !== "number") {
    throw new MlflowValidationError(`metric "${key}" needs a numeric value, got ${typeof value}.`);
  }
  if (!Number.isFinite(timestamp) || timestamp < 0) {
    throw new MlflowValidationError(
      `metric "${key}" has timestamp ${timestamp}; MLflow needs epoch milliseconds ≥ 0.`,
    );
  }
  if (!Number.isFinite(step) || !Number.isSafeInteger(Math.trunc(step))) {
    throw new MlflowValidationError(`metric "${key}" has step ${step}; MLflow needs an integer step.`);
  }
}

export function validateExperimentName(name: string): void {
  if (!name || name.length > MLFLOW_LIMITS.experimentNameLength) {
    throw new MlflowValidationError(
      `experiment name must have 1 to ${MLFLOW_LIMITS.experimentNameLength} characters, got ${name.length}.`,
    );
  }
}

/** Cuts `value` to `limit` characters, marking the cut, for values the Python client would truncate too. */
export function truncate(value: string, limit: number): string {
  if (value.length <= limit) return value;
  const marker = "...[truncated]";
  return value.slice(0, limit - marker.length) + marker;
}
