import type { MetricChunk } from "@prov4ml/core";

/**
 * CSV rows `step,value,timestamp` for a chunk. JavaScript's number formatting round-trips every
 * double and writes NaN/Infinity/-Infinity as words that Python's float() and our reader parse.
 * Timestamps repeat within a millisecond, so the last one's text is reused: formatting is the
 * worker's whole cost, and on small machines it competes with the training thread.
 * (Self-contained on purpose: the append worker runs this function from its source text.)
 */
export function chunkToCsvRows(
  chunk: Pick<MetricChunk, "steps" | "values" | "timestamps" | "length">,
): string {
  const { steps, values, timestamps, length } = chunk;
  let text = "";
  let lastTimestamp = Number.NaN;
  let timestampText = "";
  for (let i = 0; i < length; i++) {
    const timestamp = timestamps[i]!;
    if (timestamp !== lastTimestamp) {
      lastTimestamp = timestamp;
      timestampText = `,${timestamp}\n`;
    }
    text += `${steps[i]},${values[i]}${timestampText}`;
  }
  return text;
}
