import { Context } from "@prov4ml/core";
import { NotADatasetError } from "./errors.ts";
import { type RunTarget, resolveRun } from "./run-target.ts";

interface TfTensorLike {
  readonly shape: readonly number[];
  readonly dtype: string;
}

/** The parts of a `tf.data.Dataset` read here. */
export interface TfjsDatasetLike {
  /** Number of elements, or null/NaN when tfjs cannot know (infinite or unknown). */
  readonly size: number | null;
  take(count: number): { toArray(): Promise<unknown[]> };
  iterator(): Promise<unknown>;
}

export interface LogTfjsDatasetOptions {
  run?: RunTarget;
  context?: string;
  source?: string;
  /** Read one element to record its spec (names, shapes, dtypes); default true. */
  elementSpec?: boolean;
}

export function isTfjsDataset(value: unknown): value is TfjsDatasetLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as TfjsDatasetLike).take === "function" &&
    typeof (value as TfjsDatasetLike).iterator === "function"
  );
}

function isTensor(value: unknown): value is TfTensorLike {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as TfTensorLike).shape) &&
    typeof (value as TfTensorLike).dtype === "string"
  );
}

/** `{ xs: float32[2], ys: float32[3] }` style spec of one element (tensors disposed after). */
function specOf(element: unknown, path = "element"): Record<string, string> {
  if (isTensor(element)) {
    const spec = { [path]: `${element.dtype}[${element.shape.join(",")}]` };
    (element as { dispose?: () => void }).dispose?.();
    return spec;
  }
  if (typeof element === "object" && element !== null) {
    return Object.assign(
      {},
      ...Object.entries(element).map(([key, child]) =>
        specOf(child, path === "element" ? key : `${path}.${key}`),
      ),
    );
  }
  return { [path]: typeof element };
}

/**
 * Logs a `tf.data.Dataset` as the context's dataset: `total_samples` when tfjs knows the size,
 * and the element spec (`spec_<field>` = `dtype[shape]`) read from the first element. The
 * dataset is not consumed (a fresh iterator reads one element).
 */
export async function logTfjsDataset(
  label: string,
  dataset: unknown,
  options: LogTfjsDatasetOptions = {},
): Promise<void> {
  if (!isTfjsDataset(dataset)) throw new NotADatasetError(dataset);
  const run = await resolveRun(options.run, "logTfjsDataset");
  const stats: Record<string, string | number | boolean> = {};
  if (typeof dataset.size === "number" && Number.isFinite(dataset.size)) stats.total_samples = dataset.size;
  if (options.elementSpec !== false) {
    const [first] = await dataset.take(1).toArray();
    if (first !== undefined)
      for (const [key, spec] of Object.entries(specOf(first))) stats[`spec_${key}`] = spec;
  }
  run.logDataset(label, { stats, source: options.source }, { context: options.context ?? Context.TRAINING });
}
