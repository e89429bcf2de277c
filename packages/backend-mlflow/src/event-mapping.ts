import { pathToFileURL } from "node:url";
import type { ArtifactEvent, DatasetEvent, RunInfo } from "@prov4ml/core";
import { describedDigest } from "./dataset-digest.ts";
import { MLFLOW_LIMITS } from "./limits.ts";
import { truncate } from "./validation.ts";
import type { KeyValue, WireDatasetInput } from "./wire.ts";

/** Tags MLflow's UI shows for a run (user, source, description), plus prov4ml's cross-links. */
export function systemTags(run: RunInfo, mlflowRunName: string): KeyValue[] {
  const tags: KeyValue[] = [
    { key: "mlflow.runName", value: mlflowRunName },
    { key: "mlflow.user", value: run.user },
    { key: "mlflow.source.name", value: process.argv[1] ?? process.argv0 },
    { key: "mlflow.source.type", value: "LOCAL" },
    { key: "prov4ml.run_id", value: run.runId },
    { key: "prov4ml.experiment_name", value: run.experimentName },
    { key: "prov4ml.run_number", value: String(run.runNumber) },
    { key: "prov4ml.world_size", value: String(run.worldSize) },
  ];
  if (run.description) tags.push({ key: "mlflow.note.content", value: run.description });
  for (const [key, value] of Object.entries(run.tags)) tags.push({ key, value });
  return tags.map((tag) => ({ key: tag.key, value: truncate(tag.value, MLFLOW_LIMITS.tagValueLength) }));
}

/** The MLflow run of a prov4ml run: one per run, shared by all ranks, hence named without the rank. */
export function mlflowRunNameOf(run: RunInfo): string {
  return run.worldSize > 1 ? `${run.experimentName}_${run.runNumber}` : run.runName;
}

/** Tag naming the PROV document of a rank (its artifact path). */
export function provDocumentTagKey(rank: number): string {
  return rank === 0 ? "prov4ml.prov_document" : `prov4ml.prov_document.GR${rank}`;
}

/** A dataset event as a log-inputs entry: source as MLflow's JSON source, stats as its profile, context as `mlflow.data.context`. */
export function datasetInput(event: DatasetEvent): WireDatasetInput {
  const source = event.source ?? "";
  // A content digest replaces this one at delivery when the data is a local file (dataset-digest.ts).
  const digest = event.digest?.slice(0, MLFLOW_LIMITS.datasetDigestLength) ?? describedDigest(event);
  const sourceType = /^[a-z][a-z0-9+.-]*:\/\//i.test(source)
    ? (source.split(":")[0] ?? "code")
    : source
      ? "local"
      : "code";
  const input: WireDatasetInput = {
    dataset: {
      name: truncate(event.label, MLFLOW_LIMITS.datasetNameLength),
      digest,
      source_type: sourceType,
      source: truncate(JSON.stringify(source ? { uri: source } : {}), MLFLOW_LIMITS.datasetSourceLength),
    },
  };
  if (Object.keys(event.stats).length > 0) input.dataset.profile = JSON.stringify(event.stats);
  if (event.context) {
    input.tags = [
      { key: "mlflow.data.context", value: truncate(event.context, MLFLOW_LIMITS.inputTagValueLength) },
    ];
  }
  return input;
}

/** Local path to upload for an artifact: the run directory's copy when there is one. */
export function artifactLocalPath(event: ArtifactEvent): string {
  return event.storedPath ?? event.sourcePath;
}

/** Input tag marking a run input that is a file the run used (`logArtifact(..., { isInput: true })`). */
export const INPUT_ARTIFACT_TAG = "prov4ml.input_artifact";

/**
 * A file the run used as a log-inputs entry: MLflow's inputs are where a run says what it read,
 * so the file is listed there — name, SHA-256 (its first 36 hex digits as the digest, the whole
 * one and the size in the profile) and where it lies — and not uploaded as if the run made it.
 */
export function inputArtifactEntry(event: ArtifactEvent): WireDatasetInput {
  const tags: KeyValue[] = [{ key: INPUT_ARTIFACT_TAG, value: "true" }];
  if (event.context) {
    tags.push({
      key: "mlflow.data.context",
      value: truncate(event.context, MLFLOW_LIMITS.inputTagValueLength),
    });
  }
  return {
    tags,
    dataset: {
      name: truncate(event.name, MLFLOW_LIMITS.datasetNameLength),
      digest: event.sha256.slice(0, MLFLOW_LIMITS.datasetDigestLength),
      source_type: "local",
      source: truncate(
        JSON.stringify({ uri: pathToFileURL(event.sourcePath).href }),
        MLFLOW_LIMITS.datasetSourceLength,
      ),
      profile: JSON.stringify({ sha256: event.sha256, size_bytes: event.size }),
    },
  };
}
