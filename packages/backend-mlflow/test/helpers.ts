/** Shared helpers of the integration tests (real MLflow server, reference Python). */

import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BackendSession, Logger, MetricChunk, RunInfo, RunOutcome } from "@prov4ml/core";
import { runPython } from "@prov4ml/vitest-config";

/** The suite's MLflow server (the shared global setup's). */
export { mlflowUri as sharedServerUri } from "@prov4ml/vitest-config/mlflow-query";

export function tempDir(prefix = "prov4ml-mlflow-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A logger that records messages, so tests can check what users are told (and that no secret leaks). */
export function recordingLogger(): Logger & { messages: string[] } {
  const messages: string[] = [];
  const push = (level: string) => (message: string) => {
    messages.push(`${level}: ${message}`);
  };
  return { messages, debug: push("debug"), info: push("info"), warn: push("warn"), error: push("error") };
}

export function makeRun(overrides: Partial<RunInfo> & { runDir: string }): RunInfo {
  const experimentName = overrides.experimentName ?? `exp-${randomUUID().slice(0, 8)}`;
  const rank = overrides.rank ?? 0;
  const runNumber = overrides.runNumber ?? 0;
  return {
    runId: randomUUID(),
    runName: `${experimentName}_GR${rank}_${runNumber}`,
    runNumber,
    experimentName,
    rank,
    worldSize: 1,
    startTime: Date.now(),
    userNamespace: "http://example.org/",
    user: "tester",
    description: "integration test run",
    tags: { team: "prov4ml" },
    logger: recordingLogger(),
    ...overrides,
  };
}

/** A metric chunk like the core's: typed-array views with (series, offset) identity. */
export function chunk(
  name: string,
  context: string,
  offset: number,
  length: number,
  options: { source?: string; value?: (i: number) => number; t0?: number } = {},
): MetricChunk {
  const steps = new Float64Array(length);
  const values = new Float64Array(length);
  const timestamps = new Float64Array(length);
  const t0 = options.t0 ?? 1_700_000_000_000;
  for (let i = 0; i < length; i++) {
    const index = offset + i;
    steps[i] = index;
    values[i] = options.value ? options.value(index) : index * 0.5;
    timestamps[i] = t0 + index;
  }
  return { name, context, source: options.source ?? "prov4ml", offset, length, steps, values, timestamps };
}

/** Writes `training/loss` points [0, points) to a session, 1000 per batch, as the core would. */
export async function writeLoss(session: BackendSession, points: number): Promise<void> {
  for (let offset = 0; offset < points; offset += 1000) {
    await session.write({ events: [], metrics: [chunk("loss", "training", offset, 1000)] });
  }
}

export function outcome(
  status: RunOutcome["status"],
  files: RunOutcome["files"] = [],
  timeoutMs = 60_000,
): RunOutcome {
  return { status, endTime: Date.now(), timeoutMs, files, document: undefined as never };
}

/** Runs Python with MLflow's own client; returns the JSON the snippet prints last. */
export function python<T>(code: string, args: string[] = [], env: Record<string, string> = {}): T {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const result = runPython(code, args);
    if (result.status !== 0)
      throw new Error(`python failed (${result.status}):\n${result.stderr.slice(-3000)}`);
    const lines = result.stdout.trim().split("\n");
    return JSON.parse(lines[lines.length - 1] ?? "null") as T;
  } finally {
    process.env = saved;
  }
}

/** What landed in a run, read with mlflow's Python MlflowClient (a client our code does not share). */
export function readRunWithPython(uri: string, runId: string, metricKeys: string[] = []) {
  return python<{
    status: string;
    endTime: number | null;
    runName: string;
    params: Record<string, string>;
    tags: Record<string, string>;
    latest: Record<string, number>;
    history: Record<string, { step: number; value: number; timestamp: number }[]>;
    artifacts: string[];
    inputs: { name: string; context: string | null; profile: string | null }[];
  }>(
    `
import json, sys, math
from mlflow.tracking import MlflowClient
c = MlflowClient(sys.argv[1])
run = c.get_run(sys.argv[2])
def walk(path=None):
    out = []
    for f in c.list_artifacts(run.info.run_id, path):
        out.extend(walk(f.path) if f.is_dir else [f.path])
    return out
def num(v):
    return None if isinstance(v, float) and math.isnan(v) else v
history = {}
for key in json.loads(sys.argv[3]):
    history[key] = [{"step": m.step, "value": num(m.value), "timestamp": m.timestamp} for m in c.get_metric_history(run.info.run_id, key)]
inputs = [{"name": d.dataset.name, "context": next((t.value for t in d.tags if t.key == "mlflow.data.context"), None), "profile": d.dataset.profile} for d in (run.inputs.dataset_inputs if run.inputs else [])]
print(json.dumps({"status": run.info.status, "endTime": run.info.end_time, "runName": run.info.run_name,
  "params": run.data.params, "tags": run.data.tags, "latest": {k: num(v) for k, v in run.data.metrics.items()},
  "history": history, "artifacts": sorted(walk()), "inputs": inputs}))
`,
    [uri, runId, JSON.stringify(metricKeys)],
  );
}

/** Number of points of each key, through the REST API directly (metrics/get-history). */
export async function countPoints(
  uri: string,
  runId: string,
  keys: string[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const key of keys) {
    let total = 0;
    let token = "";
    do {
      const url = new URL(`${uri}/api/2.0/mlflow/metrics/get-history`);
      url.searchParams.set("run_id", runId);
      url.searchParams.set("metric_key", key);
      url.searchParams.set("max_results", "25000");
      if (token) url.searchParams.set("page_token", token);
      const body = (await (await fetch(url)).json()) as { metrics?: unknown[]; next_page_token?: string };
      total += body.metrics?.length ?? 0;
      token = body.next_page_token ?? "";
    } while (token);
    counts[key] = total;
  }
  return counts;
}
