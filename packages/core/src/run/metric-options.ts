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

export function normalizeMetricOptions(options: number | MetricOptions | undefined): MetricOptions {
  if (options === undefined) return {};
  if (typeof options === "number") {
    if (!Number.isFinite(options))
      throw new InvalidArgumentError(`a step must be a finite number; got ${options}`);
    return { step: options };
  }
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError(
      "the fourth argument must be a step number or { step, timestamp, source }",
    );
  }
  if (options.step !== undefined && !Number.isFinite(options.step)) {
    throw new InvalidArgumentError(`a step must be a finite number; got ${String(options.step)}`);
  }
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
