import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync } from "node:fs";
import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type {
  Attributes,
  BackendCloseResult,
  BackendSession,
  MetricChunk,
  RunBatch,
  RunInfo,
  RunOutcome,
} from "@prov4ml/core";
import { writeFileAtomically } from "@prov4ml/core";
import { BatchMapper } from "./batch-mapping.ts";
import { withContentDigest } from "./dataset-digest.ts";
import { mlflowRunNameOf, provDocumentTagKey, systemTags } from "./event-mapping.ts";
import { MLFLOW_LIMITS } from "./limits.ts";
import { keyProblem, truncate } from "./validation.ts";
import type { WireDatasetInput } from "./wire.ts";
import { toYaml, yamlField } from "./yaml.ts";

/** MLflow's integer run statuses in the file store. */
const STATUS_CODES = { RUNNING: 1, SCHEDULED: 2, FINISHED: 3, FAILED: 4, KILLED: 5 } as const;

export interface LocalStoreSettings {
  /** The store root (`mlflowSaveDir`). */
  saveDir: string;
  run: RunInfo;
  metricKey: (chunk: MetricChunk) => string;
  /** Attach to this MLflow run id instead of deriving one. */
  attachRunId: string | undefined;
}

/**
 * Writes a run into an MLflow file store (`mlruns` layout) without a server. MLflow 3.17.2 opens it
 * with `MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri <saveDir>`.
 *
 * Ids are derived so that processes need no coordination: the experiment id from its name (one
 * directory, created race-free by every writer), the run id from prov4ml's run UUID, or with
 * several ranks from the shared run directory, so all ranks write into one run.
 */
export class LocalStoreSession implements BackendSession {
  readonly #s: LocalStoreSettings;
  readonly root: string;
  #experimentId = "";
  readonly runId: string;
  #runDir = "";
  readonly #ready: Promise<void>;
  readonly #writtenParams = new Map<string, string>();
  readonly #mapper: BatchMapper;

  constructor(settings: LocalStoreSettings) {
    this.#s = settings;
    this.#mapper = new BatchMapper(settings.metricKey, settings.run.logger, "MLflow local store");
    this.root = resolve(settings.saveDir);
    const run = settings.run;
    this.runId =
      settings.attachRunId ??
      (run.worldSize > 1
        ? createHash("sha256")
            .update(`${resolve(run.runDir)}\u0000${run.experimentName}`)
            .digest("hex")
            .slice(0, 32)
        : run.runId.replace(/-/g, "").toLowerCase());
    this.#ready = this.#open();
  }

  get experimentId(): string {
    return this.#experimentId;
  }

  get runDirectory(): string {
    return this.#runDir;
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  async #open(): Promise<void> {
    await this.#ensureDefaultExperiment();
    this.#experimentId = await this.#experimentIdFor(this.#s.run.experimentName);
    this.#runDir = join(this.root, this.#experimentId, this.runId);
    for (const sub of ["metrics", "params", "tags", "artifacts", "inputs"]) {
      await mkdir(join(this.#runDir, sub), { recursive: true });
    }
    if (this.#s.run.rank === 0 && !this.#s.attachRunId) {
      await this.#writeRunMeta("RUNNING", null);
      for (const tag of systemTags(this.#s.run, mlflowRunNameOf(this.#s.run)))
        await this.#setTag(tag.key, tag.value);
    }
  }

  async #ensureDefaultExperiment(): Promise<void> {
    const dir = join(this.root, "0");
    await mkdir(join(this.root, ".trash"), { recursive: true });
    const existing = await readFile(join(dir, "meta.yaml"), "utf8").catch(() => undefined);
    if (existing) return;
    await mkdir(dir, { recursive: true });
    await this.#writeExperimentMeta(dir, "0", "Default");
  }

  /** An existing experiment of that name, else a directory whose id is derived from the name. */
  async #experimentIdFor(name: string): Promise<string> {
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name === "models") continue;
      const meta = await readFile(join(this.root, entry.name, "meta.yaml"), "utf8").catch(() => "");
      if (meta && yamlField(meta, "name") === name) return entry.name;
    }
    // 15 hex digits as a decimal (< 2^60, exact via BigInt): like the file store's own large integer ids.
    const id = BigInt(`0x${createHash("sha256").update(name).digest("hex").slice(0, 15)}`).toString();
    const dir = join(this.root, id);
    await mkdir(dir, { recursive: true });
    await this.#writeExperimentMeta(dir, id, name);
    return id;
  }

  async #writeExperimentMeta(dir: string, id: string, name: string): Promise<void> {
    const now = Date.now();
    await writeFileAtomically(
      join(dir, "meta.yaml"),
      toYaml({
        artifact_location: pathToFileURL(dir).href,
        creation_time: now,
        experiment_id: id,
        last_update_time: now,
        lifecycle_stage: "active",
        name,
      }),
    );
  }

  async #writeRunMeta(status: keyof typeof STATUS_CODES, endTime: number | null): Promise<void> {
    const run = this.#s.run;
    await writeFileAtomically(
      join(this.#runDir, "meta.yaml"),
      toYaml({
        artifact_uri: pathToFileURL(join(this.#runDir, "artifacts")).href,
        end_time: endTime === null ? null : Math.floor(endTime),
        entry_point_name: "",
        experiment_id: this.#experimentId,
        lifecycle_stage: "active",
        run_id: this.runId,
        run_name: mlflowRunNameOf(run),
        run_uuid: this.runId,
        source_name: "",
        source_type: 4,
        source_version: "",
        start_time: Math.floor(run.startTime),
        status: STATUS_CODES[status],
        tags: [],
        user_id: run.user,
      }),
    );
  }

  async #setTag(key: string, value: string): Promise<void> {
    if (keyProblem(key)) return;
    const path = join(this.#runDir, "tags", key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, truncate(value, MLFLOW_LIMITS.tagValueLength));
  }

  async write(batch: RunBatch): Promise<void> {
    await this.#ready;
    const mapped = this.#mapper.map(batch);
    for (const param of mapped.params) {
      if (this.#writtenParams.get(param.key) === param.value) continue;
      const path = join(this.#runDir, "params", param.key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, param.value);
      this.#writtenParams.set(param.key, param.value);
    }
    for (const tag of mapped.tags) await this.#setTag(tag.key, tag.value);
    for (const { input, dataPath } of mapped.datasets)
      await this.#logDataset(dataPath ? await withContentDigest(input, dataPath) : input);
    for (const artifact of mapped.artifacts) await this.#copyArtifact(artifact.path, artifact.file);
    // A file store has no LoggedModels: a model's file is a run artifact.
    for (const model of mapped.models)
      if (model.file && model.runArtifactPath && !model.isInput)
        await this.#copyArtifact(model.runArtifactPath, model.file);
    for (const { key, chunk } of mapped.metrics) this.#appendMetric(key, chunk);
  }

  #appendMetric(key: string, chunk: MetricChunk): void {
    const path = join(this.#runDir, "metrics", key);
    mkdirSync(dirname(path), { recursive: true });
    let text = "";
    for (let i = 0; i < chunk.length; i++) {
      // `<timestamp ms> <value> <step>`: integers for timestamp and step; String(NaN/Infinity) parses in Python.
      text += `${Math.floor(chunk.timestamps[i]!)} ${chunk.values[i]!} ${Math.trunc(chunk.steps[i]!)}\n`;
    }
    // One O_APPEND write per chunk: ranks appending to one file never interleave within a line.
    appendFileSync(path, text);
  }

  async #logDataset(input: WireDatasetInput): Promise<void> {
    const dataset = input.dataset;
    const datasetId = md5(dataset.name + dataset.digest);
    const datasetDir = join(this.root, this.#experimentId, "datasets", datasetId);
    await mkdir(datasetDir, { recursive: true });
    await writeFileAtomically(
      join(datasetDir, "meta.yaml"),
      toYaml({
        name: dataset.name,
        digest: dataset.digest,
        source_type: dataset.source_type,
        source: dataset.source,
        schema: dataset.schema ?? null,
        profile: dataset.profile ?? null,
      }),
    );
    const inputDir = join(this.#runDir, "inputs", md5(datasetId + this.runId));
    await mkdir(inputDir, { recursive: true });
    const tags: Record<string, string> = {};
    for (const tag of input.tags ?? []) tags[tag.key] = tag.value;
    await writeFileAtomically(
      join(inputDir, "meta.yaml"),
      toYaml({
        source_type: "DATASET",
        source_id: datasetId,
        destination_type: "RUN",
        destination_id: this.runId,
        tags,
      }),
    );
  }

  async #copyArtifact(name: string, source: string): Promise<void> {
    const target = join(this.#runDir, "artifacts", name);
    await mkdir(dirname(target), { recursive: true });
    await cp(source, target, { recursive: true, force: true });
  }

  async forceFlush(): Promise<void> {
    await this.#ready;
  }

  provAttributes(): Attributes {
    return {
      "prov4ml:mlflow_tracking_uri": pathToFileURL(this.root).href,
      "prov4ml:mlflow_experiment_id": this.#experimentId,
      "prov4ml:mlflow_run_id": this.runId,
    };
  }

  async close(outcome: RunOutcome): Promise<BackendCloseResult | undefined> {
    await this.#ready;
    for (const file of outcome.files)
      await writeFile(join(this.#runDir, "artifacts", file.fileName), file.content);
    const provJson = outcome.files.find((file) => file.format === "prov-json") ?? outcome.files[0];
    if (provJson) await this.#setTag(provDocumentTagKey(this.#s.run.rank), provJson.fileName);
    if (this.#s.run.rank === 0) await this.#writeRunMeta(outcome.status, outcome.endTime);
    return {
      info: { mlflow_store: this.root, mlflow_experiment_id: this.#experimentId, mlflow_run_id: this.runId },
    };
  }
}

function md5(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}
