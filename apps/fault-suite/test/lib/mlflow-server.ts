/** A dedicated MLflow server for a test file (outages stop and restart it), and REST counts. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pythonExecutable } from "@prov4ml/vitest-config";
import { MLFLOW_SERVER_SCRIPT } from "./paths.ts";

export interface MlflowServer {
  uri: string;
  port: number;
  workDir: string;
  logFile: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

export async function startDedicatedServer(): Promise<MlflowServer> {
  const python = pythonExecutable();
  if (!python)
    throw new Error(
      "the reference Python venv (with mlflow) is missing: run `npm test` from the repository root",
    );
  const workDir = mkdtempSync(join(tmpdir(), "prov4ml-fault-mlflow-"));
  const { startMlflowServer } = (await import(MLFLOW_SERVER_SCRIPT)) as {
    startMlflowServer(options: { python: string; workDir: string }): Promise<MlflowServer>;
  };
  return startMlflowServer({ python, workDir });
}

async function api<T>(
  uri: string,
  path: string,
  init?: { method?: string; body?: unknown; query?: Record<string, string> },
): Promise<T> {
  const url = new URL(`${uri}/api/2.0/mlflow/${path}`);
  for (const [key, value] of Object.entries(init?.query ?? {})) url.searchParams.set(key, value);
  const request = () =>
    fetch(url, {
      method: init?.method ?? "GET",
      headers: init?.body ? { "content-type": "application/json" } : {},
      body: init?.body ? JSON.stringify(init.body) : undefined,
    });
  // These are read-only queries: a kept-alive connection the loaded server closes as the request
  // goes out ("other side closed") is asked again, on a new connection, a few times.
  let response: Response | undefined;
  for (let attempt = 1; response === undefined; attempt++) {
    try {
      response = await request();
    } catch (error) {
      if (attempt >= 4 || !(error instanceof TypeError)) throw error;
    }
  }
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Runs of an experiment (by name), with their tags. */
export async function runsOf(uri: string, experimentName: string) {
  const { experiment } = await api<{ experiment: { experiment_id: string } }>(
    uri,
    "experiments/get-by-name",
    {
      query: { experiment_name: experimentName },
    },
  );
  const { runs = [] } = await api<{
    runs?: {
      info: { run_id: string; status: string };
      data: { tags?: { key: string; value: string }[]; params?: { key: string; value: string }[] };
    }[];
  }>(uri, "runs/search", {
    method: "POST",
    body: { experiment_ids: [experiment.experiment_id], max_results: 1000 },
  });
  return runs;
}

/** Every point of a metric key in a run (paged), with duplicates kept. */
export async function metricHistory(uri: string, runId: string, key: string) {
  const points: { step: number; value: number | string; timestamp: number }[] = [];
  let token = "";
  do {
    const query: Record<string, string> = { run_id: runId, metric_key: key, max_results: "25000" };
    if (token) query.page_token = token;
    const page = await api<{
      metrics?: { step: number; value: number | string; timestamp: number }[];
      next_page_token?: string;
    }>(uri, "metrics/get-history", { query });
    points.push(...(page.metrics ?? []));
    token = page.next_page_token ?? "";
  } while (token);
  return points;
}
