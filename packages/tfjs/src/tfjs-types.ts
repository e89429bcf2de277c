/**
 * The parts of TensorFlow.js this package reads, typed structurally so that the package never
 * imports tfjs at run time: whichever copy the user loaded (tfjs, tfjs-node) is the one used.
 */

export interface TfjsVariable {
  readonly name: string;
  readonly shape: readonly (number | null)[];
  readonly dtype: string;
}

export interface TfjsLayer {
  readonly name: string;
  getClassName(): string;
  readonly outputShape: readonly (number | null)[] | readonly (readonly (number | null)[])[];
  readonly trainableWeights: readonly TfjsVariable[];
  readonly nonTrainableWeights: readonly TfjsVariable[];
  readonly dtype?: string;
  countParams(): number;
}

export interface TfjsOptimizer {
  getClassName(): string;
  getConfig?(): Record<string, unknown>;
}

/** What `model.save(handler)` hands to the handler. */
export interface TfjsModelArtifacts {
  modelTopology?: object | ArrayBuffer;
  weightSpecs?: readonly unknown[];
  weightData?: ArrayBuffer | readonly ArrayBuffer[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: unknown;
}

export interface TfjsSaveResult {
  modelArtifactsInfo: { dateSaved: Date; modelTopologyType: "JSON" };
}

export interface TfjsLayersModel {
  readonly name: string;
  readonly layers: readonly TfjsLayer[];
  countParams(): number;
  getClassName(): string;
  optimizer?: TfjsOptimizer;
  loss?: unknown;
  metricsNames?: readonly string[];
  save(handler: { save(artifacts: TfjsModelArtifacts): Promise<TfjsSaveResult> }): Promise<unknown>;
}

/** True for a tfjs `LayersModel` (Sequential or functional). */
export function isLayersModel(value: unknown): value is TfjsLayersModel {
  if (typeof value !== "object" || value === null) return false;
  const model = value as Partial<TfjsLayersModel>;
  return (
    Array.isArray(model.layers) &&
    typeof model.countParams === "function" &&
    typeof model.save === "function" &&
    typeof model.getClassName === "function"
  );
}
