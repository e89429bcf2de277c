import type { PluginBase } from "./plugin.ts";

/** One leaf of a dataset element: a tensor (or array) at `path` inside the element. */
export interface DatasetElementField {
  /** Where the leaf sits in the element: `xs`, `inputs.image`, `0`; `element` for a bare tensor. */
  readonly path: string;
  /** `float32`, `int32`, `string`, `number` (a plain JavaScript number)… */
  readonly dtype: string;
  /** Dimensions of the leaf; `null` for one the inspector cannot tell. */
  readonly shape: readonly (number | null)[];
}

/** What a dataset inspector finds out about a dataset object, without consuming it. */
export interface DatasetInfo {
  /** What kind of dataset this is, e.g. `tfjs-data`. */
  readonly format: string;
  /**
   * Number of elements as the dataset counts them (for a batched dataset: batches);
   * `Infinity` for an endless one, `undefined` when the dataset cannot know (filtered, generated).
   */
  readonly size: number | undefined;
  /** The element's leaves (names, shapes, dtypes), when known; `undefined` when not looked at. */
  readonly elementSpec?: readonly DatasetElementField[];
  /** Further facts recorded as dataset stats (keys are checked like any stat name). */
  readonly stats?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Recognises one family of dataset objects (a `tf.data.Dataset`, say) for `logDataset`. Inspectors
 * are tried in registration order, before the core's own shapes (array-likes, `{ stats }`).
 *
 * `inspect` returns `undefined` **synchronously** for a dataset it does not know — recognising is
 * cheap, and lets `logDataset` throw `UnrecognizedDatasetError` at the call for what no inspector
 * knows — and otherwise the info, or a promise of it when finding it out is asynchronous (reading
 * one element, say). The run then waits for that promise before it ends.
 */
export interface DatasetInspectorPlugin extends PluginBase {
  readonly kind: "dataset-inspector";
  inspect(dataset: unknown): DatasetInfo | Promise<DatasetInfo> | undefined;
}
