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

export interface MlflowRunView {
  runId: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  metricKeys: string[];
  /** Names of the datasets logged as the run's inputs. */
  datasetNames: string[];
  history(key: string): Promise<{ step: number; value: number }[]>;
  artifacts(path?: string): Promise<string[]>;
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
    data: {
      params?: { key: string; value: string }[];
      tags?: { key: string; value: string }[];
      metrics?: { key: string }[];
    };
    inputs?: { dataset_inputs?: { dataset: { name: string } }[] };
  }[];
  if (runs.length !== 1) throw new Error(`expected one run in ${experimentName}, found ${runs.length}`);
  const run = runs[0] as (typeof runs)[number];
  const runId = run.info.run_id;
  return {
    runId,
    params: Object.fromEntries((run.data.params ?? []).map((p) => [p.key, p.value])),
    tags: Object.fromEntries((run.data.tags ?? []).map((t) => [t.key, t.value])),
    metricKeys: (run.data.metrics ?? []).map((m) => m.key).sort(),
    datasetNames: (run.inputs?.dataset_inputs ?? []).map((input) => input.dataset.name),
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
  };
}
