/**
 * Reads back what a run left on the real MLflow server (the one `mlflow-global-setup.mjs`
 * provides), through its REST API: for integration tests that check what MLflow stored.
 */
import { inject } from "vitest";

export function mlflowUri() {
  const uri = inject("mlflowUri");
  if (!uri)
    throw new Error("no MLflow server: set PROV4ML_TEST_MLFLOW_URI or let the global setup start one");
  return uri;
}

/** @param {string} path @param {unknown} [body] @returns {Promise<Record<string, any>>} */
async function call(path, body) {
  const request = () =>
    fetch(`${mlflowUri()}/api/2.0/mlflow/${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  // Read-back queries only: a kept-alive connection a loaded server closes as the request goes out
  // ("other side closed", a TypeError from fetch) is asked again, on a new connection, a few times.
  let response;
  for (let attempt = 1; response === undefined; attempt++) {
    try {
      response = await request();
    } catch (error) {
      if (attempt >= 4 || !(error instanceof TypeError)) throw error;
    }
  }
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return await response.json();
}

/** Downloads a file the server serves (a run's or a LoggedModel's artifact). */
/** @param {string} path */
async function download(path) {
  const response = await fetch(`${mlflowUri()}/${path}`);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Every file below `path`, walking directories with `list` (one listing per directory). */
/**
 * @param {(path: string) => Promise<{ path: string; is_dir?: boolean }[]>} list
 * @returns {Promise<string[]>}
 */
async function walk(list, path = "") {
  /** @type {string[]} */
  const files = [];
  for (const entry of await list(path)) {
    if (entry.is_dir) files.push(...(await walk(list, entry.path)));
    else files.push(entry.path);
  }
  return files.sort();
}

/** The one run of an experiment, by experiment name. */
/** @param {string} experimentName @returns {Promise<import("./mlflow-query.d.mts").MlflowRunView>} */
export async function onlyRun(experimentName) {
  const experiment = await call(
    `experiments/get-by-name?experiment_name=${encodeURIComponent(experimentName)}`,
  );
  const experimentId = experiment.experiment.experiment_id;
  const search = await call("runs/search", { experiment_ids: [experimentId] });
  const runs = search.runs ?? [];
  if (runs.length !== 1) throw new Error(`expected one run in ${experimentName}, found ${runs.length}`);
  const run = runs[0];
  const runId = run.info.run_id;
  return {
    runId,
    params: Object.fromEntries((run.data.params ?? []).map((p) => [p.key, p.value])),
    tags: Object.fromEntries((run.data.tags ?? []).map((t) => [t.key, t.value])),
    metricKeys: (run.data.metrics ?? []).map((m) => m.key).sort(),
    datasetNames: (run.inputs?.dataset_inputs ?? []).map((input) => input.dataset.name),
    datasetProfiles: Object.fromEntries(
      (run.inputs?.dataset_inputs ?? []).map((input) => [
        input.dataset.name,
        JSON.parse(input.dataset.profile ?? "{}"),
      ]),
    ),
    async history(key) {
      const result = await call(
        `metrics/get-history?run_id=${runId}&metric_key=${encodeURIComponent(key)}&max_results=25000`,
      );
      return (result.metrics ?? [])
        .map((m) => ({ step: Number(m.step), value: m.value }))
        .sort((a, b) => a.step - b.step);
    },
    async artifacts(path = "") {
      const result = await call(`artifacts/list?run_id=${runId}&path=${encodeURIComponent(path)}`);
      return (result.files ?? []).map((f) => f.path);
    },
    allArtifacts() {
      return walk(async (path) => {
        const result = await call(`artifacts/list?run_id=${runId}&path=${encodeURIComponent(path)}`);
        return result.files ?? [];
      });
    },
    downloadArtifact(path) {
      return download(`get-artifact?run_id=${runId}&path=${encodeURIComponent(path)}`);
    },
    async loggedModels() {
      const result = await call("logged-models/search", { experiment_ids: [experimentId] });
      return (result.models ?? []).map((m) => m.info);
    },
    loggedModelArtifacts(modelId) {
      return walk(async (path) => {
        const query = path ? `?artifact_directory_path=${encodeURIComponent(path)}` : "";
        const result = await call(`logged-models/${modelId}/artifacts/directories${query}`);
        return result.files ?? [];
      });
    },
    downloadLoggedModelArtifact(modelId, path) {
      return download(
        `ajax-api/2.0/mlflow/logged-models/${modelId}/artifacts/files?artifact_file_path=${encodeURIComponent(path)}`,
      );
    },
  };
}
