import type { ArtifactEvent, Logger, MetricChunk, RunBatch } from "@prov4ml/core";
import { localDataPath } from "./dataset-digest.ts";
import { artifactLocalPath, datasetInput, inputArtifactEntry } from "./event-mapping.ts";
import { MLFLOW_LIMITS } from "./limits.ts";
import { type ModelSpec, modelSpec } from "./logged-models.ts";
import { type ModelLink, ModelLinks } from "./model-links.ts";
import { keyProblem, truncate } from "./validation.ts";
import type { KeyValue, WireDatasetInput } from "./wire.ts";

/** A file or directory of the run to store as an MLflow artifact. */
export interface ArtifactUpload {
  /** Path inside the run's artifacts (`/`-separated). */
  path: string;
  /** Local file or directory. */
  file: string;
  dir: boolean;
}

/** A log-inputs entry, and the local data whose bytes give its digest at delivery. */
export interface MappedDataset {
  input: WireDatasetInput;
  dataPath: string | undefined;
}

/** A metric series' chunk under the MLflow key it maps to (already valid). */
export interface KeyedChunk {
  key: string;
  chunk: MetricChunk;
  /** The run's models so far, when the series' points may belong to one (see `ModelLinks`). */
  links?: readonly ModelLink[] | undefined;
}

/** What one core batch means to MLflow, whichever store receives it (REST session, local store). */
export interface MlflowBatch {
  params: KeyValue[];
  tags: KeyValue[];
  datasets: MappedDataset[];
  artifacts: ArtifactUpload[];
  /** MLflow 3 LoggedModels (their files go to the model's artifacts, not the run's). */
  models: ModelSpec[];
  metrics: KeyedChunk[];
}

/**
 * The one mapping from run events to MLflow: keys checked against MLflow's rules (a bad key is
 * reported once and skipped: it stays in the PROV document), long values truncated with a warning
 * as the Python client does, datasets and used files as log-inputs entries, files as artifacts —
 * except a generated model's files, which travel with the model (`ModelSpec`): one upload each.
 */
export class BatchMapper {
  readonly #metricKey: (chunk: MetricChunk) => string;
  readonly #logger: Logger;
  readonly #who: string;
  readonly #badKeys = new Set<string>();
  readonly #links = new ModelLinks();
  /** Entities skipped for a bad key. */
  skipped = 0;

  /** `who` starts each message ("MLflow backend", "MLflow local store"). */
  constructor(metricKey: (chunk: MetricChunk) => string, logger: Logger, who: string) {
    this.#metricKey = metricKey;
    this.#logger = logger;
    this.#who = who;
  }

  map(batch: RunBatch): MlflowBatch {
    const mapped: MlflowBatch = {
      params: [],
      tags: [],
      datasets: [],
      artifacts: [],
      models: [],
      metrics: [],
    };
    for (const event of batch.events) {
      switch (event.type) {
        case "param":
          if (this.#validKey("param", event.key))
            mapped.params.push({ key: event.key, value: this.#cut("param", event.key, event.value) });
          break;
        case "tag":
          if (this.#validKey("tag", event.key))
            mapped.tags.push({ key: event.key, value: this.#cut("tag", event.key, event.value) });
          break;
        case "dataset":
          mapped.datasets.push({ input: datasetInput(event), dataPath: localDataPath(event) });
          break;
        case "artifact":
          // A generated model's files are the model's: uploaded once, with its model event (to the
          // LoggedModel's artifacts, or as run artifacts where the store has no LoggedModels).
          if (isModelOwned(event)) break;
          // A file the run used is an input, never uploaded as if the run made it. A used model's
          // file is its model event's business (a link to the LoggedModel); any other is listed
          // among the run's inputs with its SHA-256.
          if (event.isInput) {
            if (event.model === undefined)
              mapped.datasets.push({ input: inputArtifactEntry(event), dataPath: undefined });
            break;
          }
          mapped.artifacts.push({ path: event.name, file: artifactLocalPath(event), dir: event.isDirectory });
          break;
        case "model":
          mapped.models.push(modelSpec(event));
          this.#links.add(event);
          break;
        case "context":
          break;
      }
    }
    for (const chunk of batch.metrics) {
      const key = this.#metricKey(chunk);
      if (this.#validKey("metric", key))
        mapped.metrics.push({ key, chunk, links: this.#links.forSource(chunk.source) });
    }
    return mapped;
  }

  #validKey(kind: string, key: string): boolean {
    const problem = keyProblem(key);
    if (!problem) return true;
    this.skipped++;
    if (!this.#badKeys.has(key)) {
      this.#badKeys.add(key);
      this.#logger.error(
        `${this.#who}: ${kind} key ${JSON.stringify(key).slice(0, 120)} is not sent to MLflow: ${problem}. Rename it${kind === "metric" ? " or set contextKeyFormat" : ""}; it stays in the PROV document.`,
      );
    }
    return false;
  }

  #cut(kind: "param" | "tag", key: string, value: string): string {
    const limit = kind === "param" ? MLFLOW_LIMITS.paramValueLength : MLFLOW_LIMITS.tagValueLength;
    if (value.length <= limit) return value;
    this.#logger.warn(
      `${this.#who}: ${kind} "${key}" is longer than MLflow's ${limit} characters and was truncated there.`,
    );
    return truncate(value, limit);
  }
}

/**
 * True for an artifact that is (part of) the file of a model the run generated: the model event
 * uploads that file, so uploading the artifact too would store the same bytes twice. (The file of
 * a model the run *used* is not uploaded at all: its model event links the LoggedModel.)
 */
export function isModelOwned(event: ArtifactEvent): boolean {
  return event.model !== undefined && !event.isInput;
}
