import { MLFLOW_LIMITS } from "./limits.ts";
import type { KeyValue, WireMetric } from "./wire.ts";

/**
 * One log-batch request's content, with every entity already serialised to JSON once: the same
 * strings build the HTTP body and the spool line, and their lengths give the request size.
 */
export interface SerializedBatch {
  readonly metrics: readonly string[];
  readonly params: readonly string[];
  readonly tags: readonly string[];
  /** UTF-8 bytes of the entities (the body adds the run id and brackets). */
  readonly bytes: number;
}

export interface BatchContent {
  metrics?: readonly WireMetric[];
  params?: readonly KeyValue[];
  tags?: readonly KeyValue[];
}

// Room for `{"run_id":"…","metrics":[],"params":[],"tags":[]}` with a 256-character run id.
const ENVELOPE_BYTES = 400;

export interface BatchLimits {
  readonly metrics: number;
  readonly params: number;
  readonly tags: number;
  readonly entities: number;
  readonly bytes: number;
}

export const LOG_BATCH_LIMITS: BatchLimits = {
  metrics: MLFLOW_LIMITS.metricsPerBatch,
  params: MLFLOW_LIMITS.paramsPerBatch,
  tags: MLFLOW_LIMITS.tagsPerBatch,
  entities: MLFLOW_LIMITS.entitiesPerBatch,
  bytes: MLFLOW_LIMITS.batchRequestBytes - ENVELOPE_BYTES,
};

/** Serialises one entity. JSON.stringify keeps the "NaN"/"Infinity" strings of `toWireMetric`. */
export function serializeEntity(entity: WireMetric | KeyValue): string {
  return JSON.stringify(entity);
}

/**
 * Splits entities into log-batch requests within MLflow's limits (count per type, total count,
 * bytes). Params and tags go first so a run's configuration lands before its metrics. A param key
 * repeated with the same value is sent once; with another value it goes to a later request (MLflow
 * rejects duplicate param keys within one request, and a changed value in any request).
 */
export function splitIntoBatches(
  content: BatchContent,
  limits: BatchLimits = LOG_BATCH_LIMITS,
): SerializedBatch[] {
  const batches: SerializedBatch[] = [];
  let metrics: string[] = [];
  let params: string[] = [];
  let tags: string[] = [];
  let bytes = 0;
  let paramKeys = new Set<string>();

  const flush = () => {
    if (metrics.length + params.length + tags.length === 0) return;
    batches.push({ metrics, params, tags, bytes });
    metrics = [];
    params = [];
    tags = [];
    bytes = 0;
    paramKeys = new Set();
  };
  const fits = (itemBytes: number, typeCount: number, typeLimit: number) =>
    typeCount < typeLimit &&
    metrics.length + params.length + tags.length < limits.entities &&
    bytes + itemBytes + 1 <= limits.bytes;

  const seenParams = new Map<string, string>();
  for (const param of content.params ?? []) {
    if (seenParams.get(param.key) === param.value) continue;
    const text = serializeEntity(param);
    const size = Buffer.byteLength(text);
    if (paramKeys.has(param.key) || !fits(size, params.length, limits.params)) flush();
    params.push(text);
    paramKeys.add(param.key);
    seenParams.set(param.key, param.value);
    bytes += size + 1;
  }
  for (const tag of content.tags ?? []) {
    const text = serializeEntity(tag);
    const size = Buffer.byteLength(text);
    if (!fits(size, tags.length, limits.tags)) flush();
    tags.push(text);
    bytes += size + 1;
  }
  for (const metric of content.metrics ?? []) {
    const text = serializeEntity(metric);
    // Metric JSON is ASCII except for non-ASCII keys; length is then a lower bound, so measure those.
    const size = isAscii(metric.key) ? text.length : Buffer.byteLength(text);
    if (!fits(size, metrics.length, limits.metrics)) flush();
    metrics.push(text);
    bytes += size + 1;
  }
  flush();
  return batches;
}

/** The HTTP body of a log-batch request. */
export function logBatchBody(runId: string, batch: SerializedBatch): string {
  return `{"run_id":${JSON.stringify(runId)},"metrics":[${batch.metrics.join(",")}],"params":[${batch.params.join(",")}],"tags":[${batch.tags.join(",")}]}`;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}
