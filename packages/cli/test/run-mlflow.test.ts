/**
 * Integration test: needs a real MLflow server (PROV4ML_TEST_MLFLOW_URI from the root `npm test`,
 * else one started here with the reference venv) and a Python child using the `mlflow` package.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasReferencePython, pythonExecutable } from "@prov4ml/vitest-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper without type declarations
import { freePort, startMlflowServer } from "../../../scripts/lib/mlflow-server.mjs";
import { RUN_FIXTURES, readRun, runBin } from "./run-cli-process.ts";

const enabled = hasReferencePython();
let uri = process.env.PROV4ML_TEST_MLFLOW_URI ?? "";
let stop: (() => Promise<void>) | undefined;

async function api(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${uri}/api/2.0/mlflow/${path}`, {
    method: body ? "POST" : "GET",
    headers: { "content-type": "application/json" },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return (await response.json()) as Record<string, unknown>;
}

describe.runIf(enabled)("prov4ml run with MLFLOW_TRACKING_URI", () => {
  beforeAll(async () => {
    if (uri) return;
    const server = await startMlflowServer({
      python: pythonExecutable(),
      workDir: mkdtempSync(join(tmpdir(), "prov4ml-run-mlflow-")),
    });
    uri = server.uri;
    stop = () => server.stop();
  }, 180_000);
  afterAll(async () => stop?.());

  it("gives the child MLFLOW_RUN_ID: its metrics and the wrapper's land in one run, once each", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "prov4ml-run-"));
    const experiment = `wrapped_${Date.now()}`;
    const result = await runBin(
      [
        "run",
        "--no-carbon",
        "--interval",
        "0.2",
        "--experiment",
        experiment,
        "--",
        pythonExecutable() as string,
        join(RUN_FIXTURES, "mlflow_child.py"),
      ],
      { cwd, env: { MLFLOW_TRACKING_URI: uri, MLFLOW_RUN_ID: "" } },
    );
    expect(result.err, `the wrapped run's stderr, whole:\n${result.err}`).toBe("");
    expect(result.status).toBe(0);
    const { dir } = readRun(cwd);
    const runId = readFileSync(join(dir, "mlflow_run_id"), "utf8").trim();
    expect(result.out.toString()).toContain(`child run ${runId}\n`);
    const { experiment_id } = (await api(`experiments/get-by-name?experiment_name=${experiment}`))
      .experiment as { experiment_id: string };
    const runs = (await api("runs/search", { experiment_ids: [experiment_id], run_view_type: "ALL" }))
      .runs as unknown[];
    expect(runs).toHaveLength(1);
    const run = (await api(`runs/get?run_id=${runId}`)).run as { data: { metrics: { key: string }[] } };
    const keys = run.data.metrics.map((metric) => metric.key);
    expect(keys).toContain("child_loss");
    expect(keys).toContain("system/process_cpu_percentage");
    const history = (await api(`metrics/get-history?run_id=${runId}&metric_key=child_loss`)).metrics as {
      step: string;
    }[];
    expect(history.map((point) => Number(point.step))).toEqual([0, 1, 2]);
  }, 120_000);
  it("a wrapped run while the server is away is spooled; `prov4ml sync` delivers it, with progress on stderr", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "prov4ml-run-"));
    const away = `http://127.0.0.1:${await freePort()}`; // free a moment ago: connections are refused
    const lines =
      'i=0; while [ $i -lt 300 ]; do echo "prov4ml:metric name=loss value=$i step=$i"; i=$((i+1)); done';
    const wrapped = await runBin(
      [
        "run",
        "--no-carbon",
        "--interval",
        "0.2",
        "--experiment",
        `spooled_${Date.now()}`,
        "--",
        "sh",
        "-c",
        lines,
      ],
      { cwd, env: { MLFLOW_TRACKING_URI: away, MLFLOW_RUN_ID: "" } },
    );
    expect(wrapped.status, wrapped.err).toBe(0);
    const { dir } = readRun(cwd);
    expect(wrapped.err).toContain(`prov4ml sync ${dir}`);
    // Was a bug: the wrapper held the command back for --mlflow-wait (60 s) waiting for a run id
    // from a server that refuses connections; it now asks the server first and starts at once.
    expect(wrapped.err).toMatch(/the MLflow server does not answer \(ECONNREFUSED\)/);
    expect(wrapped.err).not.toContain("no MLflow run id after");

    const synced = await runBin(["sync", dir, "--tracking-uri", uri], { cwd });
    expect(synced.status, synced.err).toBe(0);
    // Progress lines (at most one a second, and always the last): the share never falls, and ends at 100%.
    const progress = [
      ...synced.err.matchAll(/^sync: \[[#.]+\] (\d+)% \((\d+) of (\d+) bytes, (\d+) points\)$/gm),
    ].map((match) => ({ percent: Number(match[1]), done: Number(match[2]), total: Number(match[3]) }));
    expect(progress.length, synced.err).toBeGreaterThan(0);
    expect(progress.map((line) => line.percent)).toEqual(
      [...progress.map((line) => line.percent)].sort((a, b) => a - b),
    );
    expect(progress.at(-1)).toMatchObject({ percent: 100 });
    expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
    const runId = /to MLflow run ([0-9a-f]+)/.exec(synced.out.toString())?.[1];
    expect(runId, synced.out.toString()).toBeDefined();
    const history = (
      await api(`metrics/get-history?run_id=${runId}&metric_key=training/loss&max_results=1000`)
    ).metrics as { step: string }[];
    expect(history.map((point) => Number(point.step)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 300 }, (_, step) => step),
    );
  }, 180_000);
});
