import type { BatchContent } from "./batching.ts";
import { MlflowValidationError } from "./errors.ts";
import { validateKey, validateMetricPoint, validateParamValue, validateTagValue } from "./validation.ts";
import { fromWireValue } from "./wire.ts";

/**
 * Checks every key and value of a log-batch before anything is sent; throws `MlflowValidationError`
 * on the first problem (a param given twice with different values too: MLflow params are immutable).
 */
export function validateBatch(content: BatchContent): void {
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
