/**
 * Integration test: `prov4ml push` against a real MLflow server (PROV4ML_TEST_MLFLOW_URI from the
 * root `npm test`, else one started here with the reference venv), read back with the Python
 * `mlflow` client. The runs are made by a child process with no MLflow configured (needs the
 * workspace built: the child imports `prov4ml`'s dist).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { parseMetricCsv } from "@prov4ml/core";
import { hasReferencePython, pythonExecutable } from "@prov4ml/vitest-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper without type declarations
import { freePort, startMlflowServer } from "../../../scripts/lib/mlflow-server.mjs";
import { bufferIO } from "../src/io.ts";
import { main } from "../src/main.ts";
import { isOneLineError, runCli } from "./run-cli.ts";

const FIXTURES = join(import.meta.dirname, "push-fixtures");
const enabled = hasReferencePython();
let uri = process.env.PROV4ML_TEST_MLFLOW_URI ?? "";
let stop: (() => Promise<void>) | undefined;

interface ReadBack {
  runs: number;
  run_id: string;
  status: string;
  start_time: number;
  end_time: number;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, [number, number, number][]>;
  artifacts: Record<string, string>;
  models: { name: string; params: Record<string, string>; status: string; files: Record<string, string> }[];
  inputs: { name: string; digest: string; tags: Record<string, string> }[];
}

function readBack(experiment: string): Promise<ReadBack> {
  return new Promise((resolve, reject) => {
    const child = spawn(pythonExecutable() as string, [join(FIXTURES, "read_back.py"), uri, experiment]);
    let out = "";
    let err = "";
    child.stdout.on("data", (data) => (out += data));
    child.stderr.on("data", (data) => (err += data));
    child.on("close", (status) => (status === 0 ? resolve(JSON.parse(out)) : reject(new Error(err))));
  });
}

/** Starts the run maker; resolves with the child once `until` is true of its stdout. */
function makeRun(
  saveDir: string,
  experiment: string,
  options: { kill?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<{ child: ChildProcess; runDir: string }> {
  const env = { ...process.env, ...options.env };
  if (!options.env?.MLFLOW_TRACKING_URI) delete env.MLFLOW_TRACKING_URI;
  const args = [join(FIXTURES, "make-run.mjs"), saveDir, experiment, ...(options.kill ? ["kill"] : [])];
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "inherit"] });
  const runDir = join(saveDir, "runs", `${experiment}_0`);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (data) => {
      out += data;
      if (options.kill && out.includes("logged\n")) resolve({ child, runDir });
    });
    child.on("exit", (status) =>
      status === 0 ? resolve({ child, runDir }) : reject(new Error(`run maker exited ${status}`)),
    );
  });
}

/** The points of every metric CSV of rank 0, by file. */
function csvPoints(runDir: string): Map<string, [number, number, number][]> {
  const points = new Map<string, [number, number, number][]>();
  const dir = join(runDir, "metrics_GR0");
  for (const file of readdirSync(dir)) {
    const parsed = parseMetricCsv(readFileSync(join(dir, file), "utf8"));
    const rows: [number, number, number][] = [];
    for (let i = 0; i < parsed.values.length; i++)
      rows.push([parsed.steps[i]!, parsed.timestamps[i]!, parsed.values[i]!]);
    points.set(
      file,
      rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]),
    );
  }
  return points;
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** Pushes with `--json`; `tty` makes stderr a terminal, and returns what was written there. */
async function push(runDir: string, options: { tty?: boolean } = {}) {
  const buffered = Object.assign(bufferIO(), { stderrIsTTY: options.tty === true });
  const status = await main(["push", runDir, "--tracking-uri", uri, "--json"], buffered);
  expect(status, buffered.err).toBe(0);
  const report = JSON.parse(buffered.out) as {
    deliveredRecords: number;
    deliveredPoints: number;
    ranks: unknown[];
  };
  return Object.assign(report, { stderr: buffered.err });
}

/** Polls `condition` every 50 ms (leaving the cores to the child it waits on); a hang's limit, not a speed promise. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 240_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.runIf(enabled)("prov4ml push", () => {
  beforeAll(async () => {
    if (uri) return;
    const server = await startMlflowServer({
      python: pythonExecutable(),
      workDir: mkdtempSync(join(tmpdir(), "prov4ml-push-mlflow-")),
    });
    uri = server.uri;
    stop = () => server.stop();
  }, 180_000);
  afterAll(async () => stop?.());

  it("delivers a run made without MLflow: every point, param, tag, file, model and dataset; a second push changes nothing", async () => {
    const saveDir = mkdtempSync(join(tmpdir(), "prov4ml-push-"));
    const experiment = `pushed_${Date.now()}`;
    const { runDir } = await makeRun(saveDir, experiment);
    const first = await push(runDir, { tty: true });
    // On a terminal, progress is one line rewritten in place, ending at 100 %.
    expect(first.stderr).toMatch(/^(\rpush: \[[#.]{20}\] \d+% \(\d+ of \d+ bytes, \d+ points\))+\n$/);
    expect(first.stderr).toMatch(/\[#{20}\] 100% \(\d+ of \d+ bytes, 2506 points\)\n$/);
    expect(first).toMatchObject({
      deliveredPoints: 2506,
      ranks: [{ rank: 0, source: "directory", closed: true }],
    });

    const back = await readBack(experiment);
    expect(back).toMatchObject({
      runs: 1,
      status: "FINISHED",
      params: { learning_rate: "0.01", epochs: "5" },
    });
    expect(back.tags).toMatchObject({
      team: "push-test",
      dataset: "toy", // startRun's tags and description, as the live backend sends them
      "mlflow.note.content": "pushed later",
      "mlflow.user": userInfo().username,
      "prov4ml.prov_document": `prov_${experiment}_GR0_0.json`,
    });
    const csv = csvPoints(runDir);
    // Every point, with its step, timestamp and value, under the key the live backend gives it.
    expect(back.metrics["training/loss"]).toEqual(csv.get("loss_training_prov4ml_GR0.csv"));
    expect(back.metrics["validation/accuracy"]).toEqual(csv.get("accuracy_validation_prov4ml_GR0.csv"));
    expect(back.metrics["training/epoch_time"]).toEqual(
      csv.get("epoch_time_training_execution_time_GR0.csv"),
    );
    expect(Object.keys(back.metrics)).toHaveLength(3);
    const document = `prov_${experiment}_GR0_0.json`;
    expect(back.artifacts).toEqual({
      [document]: sha256(join(runDir, document)),
      "inputs/data.csv": sha256(join(saveDir, "data.csv")),
    });
    expect(back.models).toEqual([
      expect.objectContaining({
        name: "push_model",
        status: "READY",
        params: expect.objectContaining({ parameter_count: "12" }),
        files: { "weights.bin": sha256(join(saveDir, "weights.bin")) },
      }),
    ]);
    const dataSha = sha256(join(saveDir, "data.csv"));
    expect(back.inputs).toEqual([
      {
        name: "train",
        digest: dataSha.slice(0, 36),
        tags: { "mlflow.data.context": "training", "prov4ml.data.sha256": dataSha },
      },
    ]);
    const document0 = JSON.parse(readFileSync(join(runDir, document), "utf8"));
    const activity = document0.activity[`${experiment}_GR0_0`];
    expect(back.start_time).toBe(Date.parse(activity["prov:startTime"]));
    expect(back.end_time).toBe(Date.parse(activity["prov:endTime"]));

    const second = await push(runDir);
    expect(second).toMatchObject({ deliveredRecords: 0, deliveredPoints: 0, ranks: [{ source: "spool" }] });
    expect(await readBack(experiment)).toEqual(back);

    // Already on this server: another server is refused in one line that says what to do.
    const elsewhere = await runCli("push", runDir, "--tracking-uri", "http://user:s3cret@127.0.0.1:9");
    expect(elsewhere.status).toBe(1);
    expect(isOneLineError(elsewhere.err)).toBe(true);
    expect(elsewhere.err).toContain(`was already delivered to ${uri} as MLflow run ${back.run_id}`);
    expect(elsewhere.err).not.toContain("s3cret");
  });

  it("without a server to push to, says how to name one", async () => {
    const saveDir = mkdtempSync(join(tmpdir(), "prov4ml-push-"));
    const { runDir } = await makeRun(saveDir, `nowhere_${Date.now()}`);
    const saved = process.env.MLFLOW_TRACKING_URI;
    delete process.env.MLFLOW_TRACKING_URI;
    try {
      const result = await runCli("push", runDir);
      expect(result.status).toBe(1);
      expect(isOneLineError(result.err)).toBe(true);
      expect(result.err).toContain("pass --tracking-uri (trackingUri) or set MLFLOW_TRACKING_URI");
    } finally {
      if (saved !== undefined) process.env.MLFLOW_TRACKING_URI = saved;
    }
    expect(readdirSync(runDir)).not.toContain("mlflow_spool");
  });

  it("against a server that does not answer, keeps the spool for later without the URI's password in it", async () => {
    const saveDir = mkdtempSync(join(tmpdir(), "prov4ml-push-"));
    const { runDir } = await makeRun(saveDir, `refused_${Date.now()}`);
    const refused = `http://alice:s3cret@127.0.0.1:${await freePort()}`; // free a moment ago: refused
    const result = await runCli("push", runDir, "--tracking-uri", refused, "--give-up-after", "1");
    expect(result.status).not.toBe(0);
    expect(result.err).not.toContain("s3cret");
    const spoolFiles = readdirSync(runDir, { recursive: true, withFileTypes: true }).filter(
      (entry) => entry.isFile() && join(entry.parentPath, entry.name).includes("mlflow_spool"),
    );
    expect(spoolFiles.length).toBeGreaterThan(0); // what push prepared waits for the next push
    for (const entry of spoolFiles)
      expect(readFileSync(join(entry.parentPath, entry.name), "utf8")).not.toContain("s3cret");
  });

  it("delivers a killed run: every point on disk, status KILLED, ended at its last recorded moment", async () => {
    const saveDir = mkdtempSync(join(tmpdir(), "prov4ml-push-"));
    const experiment = `killed_${Date.now()}`;
    const { child, runDir } = await makeRun(saveDir, experiment, { kill: true });
    const lossFile = join(runDir, "metrics_GR0", "loss_training_prov4ml_GR0.csv");
    // The backend's writer persists on its own timer: kill once the last point is on disk.
    await waitFor(() => {
      try {
        return readFileSync(lossFile, "utf8").includes("\n2500,42,");
      } catch {
        return false;
      }
    }, "the loss CSV never reached step 2500");
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));

    const report = await push(runDir);
    expect(report).toMatchObject({ ranks: [{ source: "directory", closed: false }] });
    const back = await readBack(experiment);
    const csv = csvPoints(runDir);
    expect(back.status).toBe("KILLED");
    expect(back.metrics["training/loss"]).toEqual(csv.get("loss_training_prov4ml_GR0.csv"));
    expect(back.metrics["training/loss"]).toHaveLength(2501);
    const last = Math.max(...[...csv.values()].flat().map((point) => point[1]));
    expect(back.end_time).toBeGreaterThanOrEqual(last);
    expect(back.params).toEqual({ learning_rate: "0.01", epochs: "5" });
    expect(back.models.map((model) => model.name)).toEqual(["push_model"]);
  });

  it("after a partial sync of a live run's spool, push sends only what is missing", async () => {
    const saveDir = mkdtempSync(join(tmpdir(), "prov4ml-push-"));
    const experiment = `spooled_${Date.now()}`;
    const refused = `http://127.0.0.1:${await freePort()}`; // free a moment ago: connections are refused
    const { runDir } = await makeRun(saveDir, experiment, { env: { MLFLOW_TRACKING_URI: refused } });
    const records = readFileSync(join(runDir, "mlflow_spool", "records.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(records.length).toBeGreaterThan(3);

    // A sync cut after its first acknowledged window.
    const { syncRunDirectory } = await import("@prov4ml/backend-mlflow");
    const cut = new AbortController();
    let partial = 0;
    await syncRunDirectory(runDir, {
      trackingUri: uri,
      signal: cut.signal,
      concurrency: 1,
      onProgress: (progress) => {
        partial = progress.deliveredRecords;
        if (partial > 0) cut.abort();
      },
    }).catch(() => undefined);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(records.length);

    const rest = await push(runDir);
    expect(rest.ranks).toMatchObject([{ source: "spool" }]);
    expect(partial + rest.deliveredRecords).toBe(records.length);
    const back = await readBack(experiment);
    expect(back).toMatchObject({ runs: 1, status: "FINISHED" });
    expect(back.metrics["training/loss"]).toEqual(csvPoints(runDir).get("loss_training_prov4ml_GR0.csv"));
  });
});
