import { stat } from "node:fs/promises";
import type { ModelEvent } from "@prov4ml/core";
import type { MlflowClient } from "./client.ts";
import type { RequestOptions } from "./client-options.ts";
import { MlflowRequestError } from "./errors.ts";
import { artifactLocalPath } from "./event-mapping.ts";
import type { KeyValue, MlflowRunInfo } from "./wire.ts";

const API = "/api/2.0/mlflow";
/** LoggedModelStatus.LOGGED_MODEL_READY in MLflow's service.proto. */
const LOGGED_MODEL_READY = 2;

/** What a `logModel` event asks of MLflow 3: a LoggedModel (or, with `isInput`, a link to one). */
export interface ModelSpec {
  name: string;
  /** An evaluation used this model: link to the existing LoggedModel, never create one. */
  isInput: boolean;
  params: KeyValue[];
  tags: KeyValue[];
  /** Local model file or directory to upload to the LoggedModel's artifacts. */
  file: string | undefined;
  /** Path of the file inside the model's artifacts. */
  artifactPath: string | undefined;
  /** The file's path among the run's artifacts (where stores without LoggedModels put it). */
  runArtifactPath: string | undefined;
}

/** A LoggedModel as the REST API returns it (the fields prov4ml reads). */
export interface MlflowLoggedModel {
  info: {
    model_id: string;
    name: string;
    experiment_id: string;
    source_run_id?: string;
    artifact_uri: string;
    status?: string;
    creation_timestamp_ms?: number;
  };
  data?: { params?: KeyValue[]; metrics?: unknown[] };
}

/** The LoggedModel spec of a model event: its info as params, its context and hash as tags. */
export function modelSpec(event: ModelEvent): ModelSpec {
  const info = event.info;
  const params: KeyValue[] = [];
  if (info) {
    params.push({ key: "format", value: info.format });
    if (info.parameterCount !== undefined)
      params.push({ key: "parameter_count", value: String(info.parameterCount) });
    if (info.memoryBytes !== undefined) params.push({ key: "memory_bytes", value: String(info.memoryBytes) });
    if (info.layers) params.push({ key: "layer_count", value: String(info.layers.length) });
  }
  const framework = info?.format.split("-")[0];
  if (framework) params.push({ key: "framework", value: framework });
  const tags: KeyValue[] = [{ key: "prov4ml.logged_by", value: "prov4ml" }];
  if (event.context) tags.push({ key: "prov4ml.context", value: event.context });
  const sha256 = event.artifact?.sha256 ?? info?.sha256;
  if (sha256) tags.push({ key: "prov4ml.sha256", value: sha256 });
  return {
    name: event.name,
    isInput: (event as { isInput?: boolean }).isInput === true,
    params,
    tags,
    file: event.artifact ? artifactLocalPath(event.artifact) : undefined,
    artifactPath: event.artifact?.name.split("/").pop(),
    runArtifactPath: event.artifact?.name,
  };
}

/** Searches an experiment's LoggedModels (`logged-models/search`), newest first. */
export async function searchLoggedModels(
  client: MlflowClient,
  experimentId: string,
  filter: string,
  options: Omit<RequestOptions, "body"> = {},
): Promise<MlflowLoggedModel[]> {
  const result = await client.request<{ models?: MlflowLoggedModel[] }>(
    "POST",
    `${API}/logged-models/search`,
    {
      ...options,
      body: {
        experiment_ids: [experimentId],
        filter,
        max_results: 50,
        order_by: [{ field_name: "creation_time", ascending: false }],
      },
    },
  );
  return result.models ?? [];
}

/** MLflow's filter-string literal: single quotes, inner ones escaped. */
/** A string as a literal in an MLflow search filter (`name = '…'`). */
export function quoted(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/**
 * Delivers a model event to MLflow 3. Generated: find this run's LoggedModel of that name (so a
 * replay never creates a second) or create it, upload its file, set it READY and record it as the
 * run's output. Used (`isInput`): link the newest LoggedModel of that name as a run input.
 * Throws `MlflowRequestError` with status 404 on a server without the LoggedModel API.
 */
export async function deliverModel(
  client: MlflowClient,
  run: MlflowRunInfo,
  spec: ModelSpec,
  options: Omit<RequestOptions, "body"> = {},
): Promise<MlflowLoggedModel | undefined> {
  const byName = `name = ${quoted(spec.name)}`;
  if (spec.isInput) {
    const [existing] = await searchLoggedModels(client, run.experiment_id, byName, options);
    if (!existing) return undefined;
    await client.request("POST", `${API}/runs/log-inputs`, {
      ...options,
      body: { run_id: run.run_id, datasets: [], models: [{ model_id: existing.info.model_id }] },
    });
    return existing;
  }
  const mine = `${byName} AND source_run_id = ${quoted(run.run_id)}`;
  let [model] = await searchLoggedModels(client, run.experiment_id, mine, options);
  const found = model !== undefined;
  if (!model) {
    const created = await client.request<{ model: MlflowLoggedModel }>("POST", `${API}/logged-models`, {
      ...options,
      body: {
        experiment_id: run.experiment_id,
        name: spec.name,
        source_run_id: run.run_id,
        params: spec.params.slice(0, 100),
        tags: spec.tags,
      },
    });
    model = created.model;
    if (spec.params.length > 100) {
      await client.request("POST", `${API}/logged-models/${model.info.model_id}/params`, {
        ...options,
        body: { model_id: model.info.model_id, params: spec.params.slice(100) },
      });
    }
  }
  if (spec.file) await uploadModelFile(client, run, model, spec, options);
  const finalized = await client.request<{ model: MlflowLoggedModel }>(
    "PATCH",
    `${API}/logged-models/${model.info.model_id}`,
    { ...options, body: { model_id: model.info.model_id, status: LOGGED_MODEL_READY } },
  );
  // The store refuses a second identical output (a replay, another rank logging the same model).
  if (!found || !(await isRunOutput(client, run, model.info.model_id, options))) {
    await client.request("POST", `${API}/runs/outputs`, {
      ...options,
      body: { run_id: run.run_id, models: [{ model_id: model.info.model_id, step: 0 }] },
    });
  }
  return finalized.model;
}

async function isRunOutput(
  client: MlflowClient,
  run: MlflowRunInfo,
  modelId: string,
  options: Omit<RequestOptions, "body">,
): Promise<boolean> {
  const result = await client.request<{ run: { outputs?: { model_outputs?: { model_id: string }[] } } }>(
    "GET",
    `${API}/runs/get`,
    { ...options, query: { run_id: run.run_id } },
  );
  return (result.run.outputs?.model_outputs ?? []).some((output) => output.model_id === modelId);
}

async function uploadModelFile(
  client: MlflowClient,
  run: MlflowRunInfo,
  model: MlflowLoggedModel,
  spec: ModelSpec,
  options: Omit<RequestOptions, "body">,
): Promise<void> {
  const file = spec.file!;
  // The client's uploads address a run's artifact root; a LoggedModel has its own.
  const target: MlflowRunInfo = { ...run, artifact_uri: model.info.artifact_uri };
  if ((await stat(file)).isDirectory()) {
    await client.uploadArtifactDirectory(target, "", file, { signal: options.signal });
  } else {
    await client.uploadArtifact(
      target,
      spec.artifactPath ?? "model",
      { filePath: file },
      { signal: options.signal },
    );
  }
}

/** True for the answer of a server that has no LoggedModel API (MLflow 2). */
export function isMissingEndpoint(error: unknown): boolean {
  return (
    error instanceof MlflowRequestError && (error.status === 404 || error.errorCode === "ENDPOINT_NOT_FOUND")
  );
}
