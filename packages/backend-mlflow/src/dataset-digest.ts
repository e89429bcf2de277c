import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { isAbsolute } from "node:path";
import { fileURLToPath } from "node:url";
import type { DatasetEvent } from "@prov4ml/core";
import { digestPath } from "@prov4ml/core/internal";
import { MLFLOW_LIMITS } from "./limits.ts";
import type { WireDatasetInput } from "./wire.ts";

/** Input tag with the full SHA-256 of a dataset's bytes (MLflow's digest holds only 36 characters). */
export const DATASET_SHA256_TAG = "prov4ml.data.sha256";

/**
 * The local file or directory a dataset event's data is in, when its content can be hashed here:
 * no digest given, and the source an absolute path or a `file:` URI.
 */
export function localDataPath(event: DatasetEvent): string | undefined {
  if (event.digest || !event.source) return undefined;
  if (event.source.startsWith("file:")) {
    try {
      return fileURLToPath(event.source);
    } catch {
      return undefined;
    }
  }
  return isAbsolute(event.source) ? event.source : undefined;
}

/**
 * The digest of what was given when the data is not at hand (in-memory data, a remote source):
 * its source and stats, without the label, so the same data under two names matches.
 */
export function describedDigest(event: DatasetEvent): string {
  const stats = Object.keys(event.stats)
    .sort()
    .map((key) => [key, event.stats[key]]);
  return createHash("sha256")
    .update(JSON.stringify({ source: event.source ?? null, stats }))
    .digest("hex")
    .slice(0, MLFLOW_LIMITS.datasetDigestLength);
}

/**
 * Sets the digest of `input` from the bytes at `path` (SHA-256 as the PROV document records it
 * for files and directories; a prefix in MLflow's digest, the whole hash as an input tag). A path
 * that is not there leaves the described digest: the data was given by reference only.
 */
export async function withContentDigest(input: WireDatasetInput, path: string): Promise<WireDatasetInput> {
  try {
    await stat(path);
  } catch {
    return input;
  }
  const { sha256 } = await digestPath(path);
  return {
    ...input,
    dataset: { ...input.dataset, digest: sha256.slice(0, MLFLOW_LIMITS.datasetDigestLength) },
    tags: [...(input.tags ?? []), { key: DATASET_SHA256_TAG, value: sha256 }],
  };
}
