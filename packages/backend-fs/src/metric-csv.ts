import type { MetricChunk } from "@prov4ml/core";

/**
 * CSV rows `step,value,timestamp` for a chunk. JavaScript's number formatting round-trips every
 * double and writes NaN/Infinity/-Infinity as words that Python's float() and our reader parse.
 */
export function chunkToCsvRows(chunk: MetricChunk): string {
  const { steps, values, timestamps, length } = chunk;
  let text = "";
  for (let i = 0; i < length; i++) {
    text += `${steps[i]},${values[i]},${timestamps[i]}\n`;
  }
  return text;
}
