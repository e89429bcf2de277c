import { METRIC_SOURCES, type ModelEvent } from "@prov4ml/core";
import type { SerializedBatch } from "./batching.ts";
import type { MlflowClient } from "./client.ts";
import type { RequestOptions } from "./client-options.ts";
import { isMissingEndpoint, quoted, searchLoggedModels } from "./logged-models.ts";
import { sleep } from "./retry.ts";
import type { MlflowRunInfo } from "./wire.ts";

/** The LoggedModel that user metric points logged from `since` (epoch ms) on describe. */
export interface ModelLink {
  name: string;
  /** The run used the model (an evaluation): the existing LoggedModel of that name. */
  isInput: boolean;
  since: number;
}

/**
 * The models of a run in the order logged, for linking metric points to them (MLflow's `model_id`
 * on a metric). MLflow's Python client links a metric to the active model, which loading a model
 * sets (`mlflow.pyfunc.load_model`), and to a model the run output at the metric's step. prov4ml's
 * equivalent: a user metric point logged after `logModel` belongs to the newest model logged
 * before it — the evaluation of a model the run used (`isInput`), or the test figures of the model
 * it just trained. Points before any model, and collector samples, are the run's alone.
 */
export class ModelLinks {
  readonly #links: ModelLink[] = [];

  add(event: ModelEvent): void {
    const link = { name: event.name, isInput: event.isInput === true, since: event.timestamp };
    let index = this.#links.length;
    while (index > 0 && this.#links[index - 1]!.since > link.since) index--;
    this.#links.splice(index, 0, link);
  }

  /** The links that apply to a series (a snapshot), or undefined when none can. */
  forSource(source: string): readonly ModelLink[] | undefined {
    if (source !== METRIC_SOURCES.user || this.#links.length === 0) return undefined;
    return [...this.#links];
  }
}

/** Index of the link a point logged at `timestamp` belongs to, or -1 (logged before every model). */
export function linkIndexAt(links: readonly ModelLink[], timestamp: number): number {
  for (let index = links.length - 1; index >= 0; index--) if (links[index]!.since <= timestamp) return index;
  return -1;
}

/** Model ids this process already knows, per client: `<run id>\0<name>\0<isInput>` → model id. */
const knownIds = new WeakMap<MlflowClient, Map<string, string>>();
/** Models looked for and not found: later batches go to the run only at once. */
const missingIds = new WeakMap<MlflowClient, Set<string>>();
const idKey = (run: MlflowRunInfo, model: { name: string; isInput: boolean }) =>
  `${run.run_id}\u0000${model.name}\u0000${model.isInput}`;

/** Remembers the LoggedModel a model item created or linked, for the metric batches after it. */
export function rememberModelId(
  client: MlflowClient,
  run: MlflowRunInfo,
  model: { name: string; isInput: boolean },
  modelId: string,
): void {
  const ids = knownIds.get(client) ?? new Map<string, string>();
  knownIds.set(client, ids);
  ids.set(idKey(run, model), modelId);
  missingIds.get(client)?.delete(idKey(run, model));
}

/**
 * Sends metric points with their LoggedModel's `model_id` (MLflow stores them for the run and for
 * the model). The model item is delivered before, but possibly still in flight: its id is looked
 * up, and waited for a while. Without a LoggedModel (a server without that API, a model that never
 * landed) the points are sent as the run's alone: never lost for a link.
 */
export async function sendLinkedBatch(
  client: MlflowClient,
  run: MlflowRunInfo,
  model: { name: string; isInput: boolean },
  batch: SerializedBatch,
  options: Omit<RequestOptions, "body"> & { warn?: ((message: string) => void) | undefined },
): Promise<void> {
  const modelId = await resolveModelId(client, run, model, options);
  if (!modelId) return client.sendBatch(run.run_id, batch, options);
  const suffix = `,"model_id":${JSON.stringify(modelId)}}`;
  const metrics = batch.metrics.map((metric) => `${metric.slice(0, -1)}${suffix}`);
  return client.sendBatch(
    run.run_id,
    { ...batch, metrics, bytes: batch.bytes + metrics.length * suffix.length },
    options,
  );
}

async function resolveModelId(
  client: MlflowClient,
  run: MlflowRunInfo,
  model: { name: string; isInput: boolean },
  options: Omit<RequestOptions, "body"> & { warn?: ((message: string) => void) | undefined },
): Promise<string | undefined> {
  const key = idKey(run, model);
  if (missingIds.get(client)?.has(key)) return undefined; // looked for once: no minute per batch
  const byName = `name = ${quoted(model.name)}`;
  const filter = model.isInput ? byName : `${byName} AND source_run_id = ${quoted(run.run_id)}`;
  const requestOptions = { signal: options.signal, retry: options.retry };
  // The model's own item is ahead in the queue; on a slow server it may still be uploading.
  for (let waitMs = 100, waited = 0; ; waited += waitMs, waitMs = Math.min(2000, waitMs * 2)) {
    const known = knownIds.get(client)?.get(key);
    if (known) return known;
    try {
      const [found] = await searchLoggedModels(client, run.experiment_id, filter, requestOptions);
      if (found) {
        rememberModelId(client, run, model, found.info.model_id);
        return found.info.model_id;
      }
    } catch (error) {
      if (isMissingEndpoint(error)) return undefined;
      throw error;
    }
    if (waited >= 60_000 || (model.isInput && waited > 0)) break;
    await sleep(waitMs, options.signal);
  }
  options.warn?.(
    `MLflow backend: no LoggedModel "${model.name}" to link metrics to; they are logged for the run only.`,
  );
  const missing = missingIds.get(client) ?? new Set<string>();
  missingIds.set(client, missing);
  missing.add(key);
  return undefined;
}
