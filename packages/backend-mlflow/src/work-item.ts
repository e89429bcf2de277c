import { stat } from "node:fs/promises";
import { LOG_BATCH_LIMITS, type SerializedBatch } from "./batching.ts";
import type { MlflowClient } from "./client.ts";
import { withContentDigest } from "./dataset-digest.ts";
import { deliverModel, isMissingEndpoint, type ModelSpec } from "./logged-models.ts";
import { rememberModelId, sendLinkedBatch } from "./model-links.ts";
import type { RetryPolicy } from "./retry.ts";
import type { Spool, SpoolRecord } from "./spool.ts";
import type { MlflowRunInfo, MlflowRunStatus, WireDatasetInput } from "./wire.ts";

/** One delivery to the server: a log-batch request, a log-inputs request, an upload or the end status. */
export type WorkItem =
  | { kind: "batch"; batch: SerializedBatch }
  /** `dataPath`: the local data of the (single) dataset, hashed for its digest when sent or spooled. */
  | { kind: "inputs"; datasets: WireDatasetInput[]; dataPath?: string | undefined }
  | { kind: "artifact"; path: string; file: string; dir: boolean }
  | { kind: "bytes"; path: string; content: string | Uint8Array }
  | { kind: "model"; model: ModelSpec }
  /** Metric points that belong to a LoggedModel of the run: sent with its `model_id`. */
  | { kind: "model-metrics"; model: { name: string; isInput: boolean }; batch: SerializedBatch }
  | { kind: "status"; status: MlflowRunStatus; endTime: number };

export interface DeliverOptions {
  signal?: AbortSignal | undefined;
  retry?: Partial<RetryPolicy>;
  /** Told what MLflow could not take as asked (a server without LoggedModels). */
  warn?: ((message: string) => void) | undefined;
}

/** Sends one item. Throws the client's errors; the caller decides between retry, spool and drop. */
export async function deliver(
  client: MlflowClient,
  run: MlflowRunInfo,
  item: WorkItem,
  options: DeliverOptions = {},
): Promise<void> {
  switch (item.kind) {
    case "batch":
      return client.sendBatch(run.run_id, item.batch, options);
    case "inputs":
      return client.logInputs(run.run_id, await digestedInputs(item), options);
    case "artifact":
      return uploadPath(client, run, item.path, item.file, item.dir, options);
    case "bytes":
      return client.uploadArtifact(run, item.path, item.content, options);
    case "model":
      return deliverModelItem(client, run, item.model, options);
    case "model-metrics":
      return sendLinkedBatch(client, run, item.model, item.batch, options);
    case "status":
      await client.updateRun(run.run_id, { status: item.status, endTime: item.endTime }, options);
      return;
  }
}

/** The item's datasets with the digest of their local data's bytes. */
async function digestedInputs(item: { datasets: WireDatasetInput[]; dataPath?: string | undefined }) {
  const [first] = item.datasets;
  if (!item.dataPath || !first || item.datasets.length !== 1) return item.datasets;
  return [await withContentDigest(first, item.dataPath)];
}

/** A model as a LoggedModel; on a server without that API (MLflow 2) its file as a run artifact. */
async function deliverModelItem(
  client: MlflowClient,
  run: MlflowRunInfo,
  model: ModelSpec,
  options: DeliverOptions,
): Promise<void> {
  const requestOptions = { signal: options.signal, retry: options.retry };
  try {
    const linked = await deliverModel(client, run, model, requestOptions);
    if (linked) rememberModelId(client, run, model, linked.info.model_id);
    if (!linked && model.isInput) {
      options.warn?.(
        `MLflow backend: no LoggedModel named "${model.name}" in this experiment to link as the run's input; recorded as the tag prov4ml.input_model instead.`,
      );
      await client.setTag(run.run_id, "prov4ml.input_model", model.name);
    }
  } catch (error) {
    if (!isMissingEndpoint(error)) throw error;
    options.warn?.(
      `MLflow backend: the server has no LoggedModel API (MLflow < 3), so model "${model.name}" is not a LoggedModel; its file is a run artifact. Upgrade the server to MLflow 3 to see it under Models.`,
    );
    if (model.file && model.runArtifactPath && !model.isInput)
      await uploadPath(client, run, model.runArtifactPath, model.file, false, options);
  }
}

/** Uploads a local file, or a directory's tree (`isDirectory`, else looked up), as run artifact `path`. */
async function uploadPath(
  client: MlflowClient,
  run: MlflowRunInfo,
  path: string,
  file: string,
  isDirectory: boolean,
  options: DeliverOptions,
): Promise<void> {
  if (isDirectory || (await stat(file)).isDirectory())
    return client.uploadArtifactDirectory(run, path, file, options);
  return client.uploadArtifact(run, path, { filePath: file }, options);
}

/** The spool line of an item; rendered bytes are stored in the spool's `files/` first. */
export async function toSpoolLine(item: WorkItem, spool: Spool): Promise<string> {
  switch (item.kind) {
    case "batch":
      return `{"t":"batch","m":[${item.batch.metrics.join(",")}],"p":[${item.batch.params.join(",")}],"g":[${item.batch.tags.join(",")}]}`;
    case "inputs":
      return JSON.stringify({ t: "inputs", d: await digestedInputs(item) } satisfies SpoolRecord);
    case "artifact":
      return JSON.stringify({
        t: "artifact",
        path: item.path,
        file: item.file,
        dir: item.dir,
      } satisfies SpoolRecord);
    case "bytes": {
      const file = await spool.storeFile(item.path, item.content);
      return JSON.stringify({ t: "artifact", path: item.path, file, dir: false } satisfies SpoolRecord);
    }
    case "model":
      return JSON.stringify({ t: "model", model: item.model } satisfies SpoolRecord);
    case "model-metrics":
      return `{"t":"model-metrics","model":${JSON.stringify(item.model)},"m":[${item.batch.metrics.join(",")}]}`;
    case "status":
      return JSON.stringify({
        t: "status",
        status: item.status,
        endTime: item.endTime,
      } satisfies SpoolRecord);
  }
}

/** The item a spool line stands for. */
export function fromSpoolLine(line: string): WorkItem {
  const record = JSON.parse(line) as SpoolRecord;
  switch (record.t) {
    case "batch": {
      const metrics = record.m.map((entity) => JSON.stringify(entity));
      const params = record.p.map((entity) => JSON.stringify(entity));
      const tags = record.g.map((entity) => JSON.stringify(entity));
      return { kind: "batch", batch: { metrics, params, tags, bytes: line.length } };
    }
    case "inputs":
      return { kind: "inputs", datasets: record.d };
    case "artifact":
      return { kind: "artifact", path: record.path, file: record.file, dir: Boolean(record.dir) };
    case "model":
      return { kind: "model", model: record.model };
    case "model-metrics": {
      const metrics = record.m.map((entity) => JSON.stringify(entity));
      return {
        kind: "model-metrics",
        model: record.model,
        batch: { metrics, params: [], tags: [], bytes: line.length },
      };
    }
    case "status":
      return { kind: "status", status: record.status, endTime: record.endTime };
  }
}

/** Metric points in an item (for delivery counts). */
export function pointsIn(item: WorkItem): number {
  return item.kind === "batch" || item.kind === "model-metrics" ? item.batch.metrics.length : 0;
}

/**
 * Consecutive spooled batches merged into fewer log-batch requests (within MLflow's limits), so a
 * replay is not one request per small live batch. Batches carrying params are never merged (a param
 * key may not repeat within one request). Each group ends at the offset just past its last record.
 */
export function coalesce(
  records: readonly { line: string; end: number }[],
): { item: WorkItem; end: number }[] {
  const groups: { item: WorkItem; end: number }[] = [];
  for (const record of records) {
    const item = fromSpoolLine(record.line);
    const previous = groups[groups.length - 1];
    if (
      previous &&
      previous.item.kind === "batch" &&
      item.kind === "batch" &&
      canMerge(previous.item.batch, item.batch)
    ) {
      const a = previous.item.batch;
      const b = item.batch;
      previous.item = {
        kind: "batch",
        batch: {
          metrics: [...a.metrics, ...b.metrics],
          params: [],
          tags: [...a.tags, ...b.tags],
          bytes: a.bytes + b.bytes,
        },
      };
      previous.end = record.end;
      continue;
    }
    groups.push({ item, end: record.end });
  }
  return groups;
}

function canMerge(a: SerializedBatch, b: SerializedBatch): boolean {
  if (a.params.length > 0 || b.params.length > 0) return false;
  const metrics = a.metrics.length + b.metrics.length;
  const tags = a.tags.length + b.tags.length;
  return (
    metrics <= LOG_BATCH_LIMITS.metrics &&
    tags <= LOG_BATCH_LIMITS.tags &&
    metrics + tags <= LOG_BATCH_LIMITS.entities &&
    a.bytes + b.bytes <= LOG_BATCH_LIMITS.bytes
  );
}

/** One settled window of a replay: the offset just past it, and what the server rejected for good. */
export interface WindowResult {
  end: number;
  delivered: WorkItem[];
  rejected: { item: WorkItem; error: unknown }[];
}

/**
 * Replays spooled groups with up to `concurrency` requests in flight (a sliding window: a slow
 * request does not hold back the ones after it), calling `settled` each time the acknowledged
 * prefix grows, so the cursor moves past it in order. The end status is sent alone, once
 * everything before it is acknowledged. A failure that is not a rejection stops the replay and is
 * thrown once the requests in flight have settled; what follows it is re-sent later — MLflow
 * ignores identical metric rows, equal params and tags, so a re-sent request duplicates nothing.
 */
export async function replayGroups(
  groups: readonly { item: WorkItem; end: number }[],
  concurrency: number,
  send: (item: WorkItem) => Promise<void>,
  isRejection: (error: unknown) => boolean,
  settled: (result: WindowResult) => Promise<void>,
): Promise<void> {
  const outcomes: (PromiseSettledResult<void> | undefined)[] = new Array(groups.length);
  const inFlight = new Set<Promise<void>>();
  let started = 0;
  let committed = 0;
  let failure: { error: unknown } | undefined;
  const isStatus = (index: number) => groups[index]?.item.kind === "status";
  while (committed < groups.length) {
    while (!failure && started < groups.length && inFlight.size < Math.max(1, concurrency)) {
      // A status goes alone: after everything before it, before anything after it.
      if ((isStatus(started) || isStatus(started - 1)) && committed < started) break;
      const index = started++;
      const request: Promise<void> = send(groups[index]!.item)
        .then(
          () => {
            outcomes[index] = { status: "fulfilled", value: undefined };
          },
          (reason: unknown) => {
            outcomes[index] = { status: "rejected", reason };
          },
        )
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
    }
    if (inFlight.size > 0) await Promise.race(inFlight);
    const result: WindowResult = { end: 0, delivered: [], rejected: [] };
    while (!failure && committed < started && outcomes[committed]) {
      const outcome = outcomes[committed]!;
      const { item, end } = groups[committed]!;
      if (outcome.status === "fulfilled") result.delivered.push(item);
      else if (isRejection(outcome.reason)) result.rejected.push({ item, error: outcome.reason });
      else {
        failure = { error: outcome.reason };
        break;
      }
      result.end = end;
      committed++;
    }
    if (result.delivered.length + result.rejected.length > 0) await settled(result);
    if (failure) {
      await Promise.allSettled([...inFlight]);
      throw failure.error;
    }
  }
}
