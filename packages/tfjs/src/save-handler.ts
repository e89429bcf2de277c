import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TfjsModelArtifacts, TfjsSaveResult } from "./tfjs-types.ts";

/** The file names tfjs's own `file://` handler writes, so `tf.loadLayersModel` reads the copy. */
export const MODEL_JSON = "model.json";
export const WEIGHTS_BIN = "weights.bin";

/**
 * A tfjs IO handler that writes `model.json` + `weights.bin` into `directory`, as tfjs-node's
 * `file://` handler does, with no native code.
 */
export function directorySaveHandler(directory: string): {
  save(artifacts: TfjsModelArtifacts): Promise<TfjsSaveResult>;
} {
  return {
    async save(artifacts) {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new TypeError("a binary model topology cannot be saved as model.json");
      }
      const weights = concatWeights(artifacts.weightData);
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFile(join(directory, MODEL_JSON), JSON.stringify(modelJson));
      await writeFile(join(directory, WEIGHTS_BIN), weights);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    },
  };
}

function concatWeights(data: ArrayBuffer | readonly ArrayBuffer[] | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const parts = Array.isArray(data) ? (data as readonly ArrayBuffer[]) : [data as ArrayBuffer];
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(new Uint8Array(part), offset);
    offset += part.byteLength;
  }
  return out;
}
