import type { PluginBase } from "./plugin.ts";

/** What a model inspector finds out about a model object or file. */
export interface ModelInfo {
  /** What kind of model this is, e.g. `tfjs-layers`, `typed-array-record`, `file`. */
  readonly format: string;
  /** Number of trainable and non-trainable parameters (scalars). */
  readonly parameterCount?: number;
  /** Bytes the parameters occupy in memory. */
  readonly memoryBytes?: number;
  /** Per-layer (or per-tensor) breakdown, when known. */
  readonly layers?: readonly LayerInfo[];
  /** Absolute path of the model file, for models on disk. */
  readonly filePath?: string;
  /** Hex SHA-256 of the model file, for models on disk. */
  readonly sha256?: string;
}

export interface LayerInfo {
  readonly name: string;
  readonly parameterCount: number;
  readonly shape?: readonly number[];
  readonly dtype?: string;
}

/**
 * Recognises one family of model objects. Inspectors are tried in registration order (user
 * plugins before the built-ins); the first to return a `ModelInfo` wins.
 */
export interface ModelInspectorPlugin extends PluginBase {
  readonly kind: "model-inspector";
  inspect(model: unknown): ModelInfo | undefined | Promise<ModelInfo | undefined>;
}
