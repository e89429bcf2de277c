import { InvalidArgumentError } from "../errors.ts";

/** Options of a metric call. A bare number in their place is the step (the seed's signature). */
export interface MetricOptions {
  /** Step (epoch, iteration). Defaults to the number of points already logged in this series. */
  step?: number;
  /** Epoch milliseconds; defaults to now (yProv4ML left it 0). */
  timestamp?: number;
  /** Who produced the value; defaults to `prov4ml` for user metrics. */
  source?: string;
}

/**
 * Steps are integers within ±2^53 (JavaScript numbers are exact up to there, MLflow stores 64-bit
 * integers): 1.5 or 2^60 would be stored differently by different backends, so they are refused.
 */
function checkStep(step: number): void {
  if (!Number.isSafeInteger(step)) {
    throw new InvalidArgumentError(
      `a step must be an integer between -(2^53-1) and 2^53-1; got ${String(step)} (round it, or log the value as a metric)`,
    );
  }
}

export function normalizeMetricOptions(options: number | MetricOptions | undefined): MetricOptions {
  if (options === undefined) return {};
  if (typeof options === "number") {
    checkStep(options);
    return { step: options };
  }
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError(
      "the fourth argument must be a step number or { step, timestamp, source }",
    );
  }
  if (options.step !== undefined) checkStep(options.step);
  // 8.64e15 ms is the last instant a Date can hold (year 275760).
  if (
    options.timestamp !== undefined &&
    !(Number.isFinite(options.timestamp) && options.timestamp >= 0 && options.timestamp <= 8.64e15)
  ) {
    throw new InvalidArgumentError(
      `a timestamp must be epoch milliseconds (>= 0); got ${String(options.timestamp)}`,
    );
  }
  return options;
}
