import { Context } from "../context.ts";
import { InvalidArgumentError, UnrecognizedDatasetError } from "../errors.ts";
import type { DatasetInfo, DatasetInspectorPlugin } from "../plugins/dataset-inspector.ts";
import type { DatasetEvent, RunEvent } from "../plugins/events.ts";
import { type DatasetStats, datasetInfoStats } from "./dataset-info-stats.ts";
import {
  type DatasetDescription,
  type DatasetOptions,
  type InspectableDataset,
  isArrayLike,
} from "./logging-options.ts";
import { checkName } from "./names.ts";
import type { RunState } from "./run-state.ts";

/** What recording datasets needs from its run. */
export interface DatasetHost {
  readonly state: RunState;
  readonly datasetInspectors: readonly DatasetInspectorPlugin[];
  touchContext(name: string): void;
  pushEvent(event: RunEvent): void;
  track<T>(promise: Promise<T>): Promise<T>;
}

const DESCRIPTION_KEYS = new Set(["stats", "source", "digest"]);

/**
 * See `Run.logDataset`. Everything about the call is checked synchronously — the label, and
 * whether an inspector or one of the core's shapes knows the dataset (else
 * `UnrecognizedDatasetError`) — so bad input throws at the call. An inspector that answers with a
 * promise (it reads an element) records the dataset once it settles; the run waits for it.
 */
export function recordDataset(
  host: DatasetHost,
  label: string,
  dataset: DatasetDescription | InspectableDataset,
  options: DatasetOptions,
): Promise<DatasetEvent> {
  checkName("dataset", label);
  const context = options.context ?? Context.TRAINING;
  // Checked before an inspector starts reading the dataset: a refused call leaves nothing running.
  checkName("context", context);
  const timestamp = Date.now();
  const inspected = inspectDataset(host.datasetInspectors, dataset);
  let ready: { stats: DatasetStats; source?: string; digest?: string } | undefined;
  if (inspected === undefined) ready = describedDataset(label, dataset);
  else if (!isPromiseLike(inspected)) ready = { stats: checkedStats(datasetInfoStats(inspected)) };
  host.touchContext(context);
  const record = (stats: DatasetStats, source?: string, digest?: string): DatasetEvent => {
    const event: DatasetEvent = {
      type: "dataset",
      label,
      context,
      source: options.source ?? source,
      digest: options.digest ?? digest,
      stats,
      timestamp,
    };
    host.state.datasets.set(label, event);
    host.pushEvent(event);
    return event;
  };
  if (ready) return Promise.resolve(record(ready.stats, ready.source, ready.digest));
  return host.track(
    Promise.resolve(inspected as PromiseLike<DatasetInfo>).then((info) =>
      record(checkedStats(datasetInfoStats(info))),
    ),
  );
}

function isPromiseLike(value: unknown): value is PromiseLike<DatasetInfo> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === "function";
}

/** The first registered inspector's answer for the dataset (`undefined`: none knows it). */
function inspectDataset(
  inspectors: readonly DatasetInspectorPlugin[],
  dataset: unknown,
): DatasetInfo | Promise<DatasetInfo> | undefined {
  for (const inspector of inspectors) {
    const info = inspector.inspect(dataset);
    if (info !== undefined) return info;
  }
  return undefined;
}

/** The core's own shapes: an array-like (its length is `total_samples`) or a `{ stats, source, digest }`. */
function describedDataset(
  label: string,
  dataset: unknown,
): { stats: DatasetStats; source?: string; digest?: string } {
  if (isArrayLike(dataset)) return { stats: { total_samples: dataset.length } };
  if (!isPlainObject(dataset)) throw new UnrecognizedDatasetError(label, describe(dataset));
  const unknownKey = Object.keys(dataset).find((key) => !DESCRIPTION_KEYS.has(key));
  if (unknownKey !== undefined) {
    throw new UnrecognizedDatasetError(
      label,
      `a plain object with the key ${JSON.stringify(unknownKey).slice(0, 60)} (a description has only stats, source and digest)`,
    );
  }
  const { stats = {}, source, digest } = dataset as Exclude<DatasetDescription, ArrayLike<unknown>>;
  if (typeof stats !== "object" || stats === null)
    throw new InvalidArgumentError("a dataset's stats must be an object of strings, numbers and booleans");
  const checked = checkedStats(stats);
  for (const [name, value] of Object.entries({ source, digest }))
    if (value !== undefined && typeof value !== "string")
      throw new InvalidArgumentError(`a dataset's ${name} must be a string; got ${typeof value}`);
  return { stats: checked, source, digest };
}

/** Stats with names and values every backend can store (a copy: the caller's object may change). */
function checkedStats(stats: Readonly<Record<string, unknown>>): DatasetStats {
  const checked: DatasetStats = {};
  for (const [key, value] of Object.entries(stats)) {
    checkName("dataset stat", key);
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      throw new InvalidArgumentError(`dataset stat "${key}" must be a string, number or boolean`);
    }
    checked[key] = value;
  }
  return checked;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return `a ${typeof value}`;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name ? `an object of class ${name}` : "an object";
}
