import type { DatasetInfo } from "@prov4ml/core";
import { elementSpecOf } from "./element-spec.ts";

/** The parts of a `tf.data.Dataset` read here (typed structurally: tfjs is never imported). */
export interface TfjsDatasetLike {
  /** Number of elements: `null` when tfjs cannot know (filtered, generated), `Infinity` when endless. */
  readonly size: number | null;
  take(count: number): unknown;
  batch(size: number): unknown;
  map(transform: (element: unknown) => unknown): unknown;
  iterator(): Promise<unknown>;
}

/** The iterator `dataset.iterator()` resolves to. */
interface TfjsIteratorLike {
  next(): Promise<{ value: unknown; done: boolean }>;
  summary?(): string;
}

/** Leaves of an element described at most (a few named tensors is the rule); `element_leaves` counts all. */
const MAX_SPEC_FIELDS = 64;

/**
 * Pipeline stages that fill a buffer when the first element is read (a shuffle buffer, a prefetch):
 * reading one element would read (and keep) up to the buffer's size, so the spec is not read.
 */
const BUFFERING_STAGES = /shuffle|prefetch/i;

/** True for a `tf.data.Dataset` (from `tf.data.array`, `zip`, `generator`, `csv`, any of their transforms). */
export function isTfjsDataset(value: unknown): value is TfjsDatasetLike {
  if (typeof value !== "object" || value === null || !("size" in value)) return false;
  const dataset = value as Partial<Record<keyof TfjsDatasetLike, unknown>>;
  return (
    typeof dataset.take === "function" &&
    typeof dataset.iterator === "function" &&
    typeof dataset.batch === "function" &&
    typeof dataset.map === "function"
  );
}

export interface TfjsDatasetInspection {
  /**
   * Read the first element for the element spec (default true). It is read from a fresh iterator,
   * so the dataset is not consumed; but it is produced as training would produce it — a `batch(n)`
   * reads n source elements, a `map` runs, a `tf.data.generator` is called again, a `csv` reads its
   * first rows — and its tensors are disposed after. A pipeline with a shuffle or prefetch buffer
   * is not read (the buffer would fill and stay), nor is one that fails to produce an element:
   * `element_spec` then says why.
   */
  elementSpec?: boolean;
}

/**
 * What prov4ml records about a `tf.data.Dataset`: `size` as tfjs reports it (for a batched dataset
 * the number of batches; unknown for a filtered or generated one, infinite after `repeat()`) and,
 * unless turned off, the element spec — names, shapes and dtypes of the first element's tensors
 * (`spec_xs` = `float32[32,2]`; a batched dataset's first batch).
 */
export async function inspectTfjsDataset(
  dataset: TfjsDatasetLike,
  options: TfjsDatasetInspection = {},
): Promise<DatasetInfo> {
  const size = typeof dataset.size === "number" ? dataset.size : undefined;
  if (options.elementSpec === false) return { format: "tfjs-data", size };
  const unread = (why: string): DatasetInfo => ({ format: "tfjs-data", size, stats: { element_spec: why } });
  let first: { value: unknown; done: boolean };
  try {
    const iterator = (await dataset.iterator()) as TfjsIteratorLike;
    const pipeline = typeof iterator.summary === "function" ? iterator.summary() : "";
    if (BUFFERING_STAGES.test(pipeline))
      return unread("not read: the pipeline has a shuffle or prefetch buffer");
    first = await iterator.next();
  } catch (error) {
    // The pipeline fails to produce an element (a missing file, a throwing map): the dataset is
    // still recorded, with the reason; training will meet the same error.
    return unread(`not read: ${(error instanceof Error ? error.message : String(error)).slice(0, 200)}`);
  }
  if (first.done) return unread("none: the dataset is empty");
  const fields = elementSpecOf(first.value);
  return {
    format: "tfjs-data",
    size,
    elementSpec: fields.slice(0, MAX_SPEC_FIELDS),
    ...(fields.length > MAX_SPEC_FIELDS ? { stats: { element_leaves: fields.length } } : {}),
  };
}
