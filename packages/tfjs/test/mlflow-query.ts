/** Reads back what a run left on the real MLflow server, through its REST API. */
import { inject } from "vitest";

export function mlflowUri(): string {
  const uri = inject("mlflowUri");
  if (!uri)
    throw new Error("no MLflow server: set PROV4ML_TEST_MLFLOW_URI or let the global setup start one");
  return uri;
}

async function call(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${mlflowUri()}/api/2.0/mlflow/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Downloads a file the server serves (a run's or a LoggedModel's artifact). */
async function download(path: string): Promise<Buffer> {
  const response = await fetch(`${mlflowUri()}/${path}`);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return Buffer.from(await response.arrayBuffer());
}

interface FileInfo {
  path: string;
  is_dir?: boolean;
}

/** Every file below `path`, walking directories with `list` (one listing per directory). */
async function walk(list: (path: string) => Promise<FileInfo[]>, path = ""): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await list(path)) {
    if (entry.is_dir) files.push(...(await walk(list, entry.path)));
    else files.push(entry.path);
  }
  return files.sort();
}

/** A LoggedModel as logged-models/search returns it (the fields the tests read). */
export interface LoggedModelView {
  model_id: string;
  name: string;
  source_run_id?: string;
  status?: string;
}

export interface MlflowRunView {
  runId: string;
  params: Record<string, string>;
  metricKeys: string[];
  /** Names of the datasets logged as the run's inputs. */
  datasetNames: string[];
  /** The datasets' profiles (prov4ml's stats, as JSON), by dataset name. */
  datasetProfiles: Record<string, Record<string, unknown>>;
  history(key: string): Promise<{ step: number; value: number }[]>;
  artifacts(path?: string): Promise<string[]>;
  /** Every file among the run's artifacts, directories walked. */
  allArtifacts(): Promise<string[]>;
  downloadArtifact(path: string): Promise<Buffer>;
  /** The experiment's MLflow 3 LoggedModels (id, name, source run, status). */
  loggedModels(): Promise<LoggedModelView[]>;
  /** Every file among a LoggedModel's artifacts, directories walked. */
  loggedModelArtifacts(modelId: string): Promise<string[]>;
  downloadLoggedModelArtifact(modelId: string, path: string): Promise<Buffer>;
}

/** The one run of an experiment, by experiment name. */
export async function onlyRun(experimentName: string): Promise<MlflowRunView> {
  const experiment = await call(
    `experiments/get-by-name?experiment_name=${encodeURIComponent(experimentName)}`,
  );
  const experimentId = (experiment.experiment as { experiment_id: string }).experiment_id;
  const search = await call("runs/search", { experiment_ids: [experimentId] });
  const runs = (search.runs ?? []) as {
    info: { run_id: string };
    data: { params?: { key: string; value: string }[]; metrics?: { key: string }[] };
    inputs?: { dataset_inputs?: { dataset: { name: string; profile?: string } }[] };
  }[];
  if (runs.length !== 1) throw new Error(`expected one run in ${experimentName}, found ${runs.length}`);
  const run = runs[0] as (typeof runs)[number];
  const runId = run.info.run_id;
  return {
    runId,
    params: Object.fromEntries((run.data.params ?? []).map((p) => [p.key, p.value])),
    metricKeys: (run.data.metrics ?? []).map((m) => m.key).sort(),
    datasetNames: (run.inputs?.dataset_inputs ?? []).map((input) => input.dataset.name),
    datasetProfiles: Object.fromEntries(
      (run.inputs?.dataset_inputs ?? []).map((input) => [
        input.dataset.name,
        JSON.parse(input.dataset.profile ?? "{}") as Record<string, unknown>,
      ]),
    ),
    async history(key) {
      const result = await call(
        `metrics/get-history?run_id=${runId}&metric_key=${encodeURIComponent(key)}&max_results=25000`,
      );
      return ((result.metrics ?? []) as { step: string | number; value: number }[])
        .map((m) => ({ step: Number(m.step), value: m.value }))
        .sort((a, b) => a.step - b.step);
    },
    async artifacts(path = "") {
      const result = await call(`artifacts/list?run_id=${runId}&path=${encodeURIComponent(path)}`);
      return ((result.files ?? []) as { path: string }[]).map((f) => f.path);
    },
    allArtifacts() {
      return walk(async (path) => {
        const result = await call(`artifacts/list?run_id=${runId}&path=${encodeURIComponent(path)}`);
        return (result.files ?? []) as FileInfo[];
      });
    },
    downloadArtifact(path) {
      return download(`get-artifact?run_id=${runId}&path=${encodeURIComponent(path)}`);
    },
    async loggedModels() {
      const result = await call("logged-models/search", { experiment_ids: [experimentId] });
      return ((result.models ?? []) as { info: LoggedModelView }[]).map((m) => m.info);
    },
    loggedModelArtifacts(modelId) {
      return walk(async (path) => {
        const query = path ? `?artifact_directory_path=${encodeURIComponent(path)}` : "";
        const result = await call(`logged-models/${modelId}/artifacts/directories${query}`);
        return (result.files ?? []) as FileInfo[];
      });
    },
    downloadLoggedModelArtifact(modelId, path) {
      return download(
        `ajax-api/2.0/mlflow/logged-models/${modelId}/artifacts/files?artifact_file_path=${encodeURIComponent(path)}`,
      );
    },
  };
}
