/**
 * Integration test: needs a real MLflow server (the shared one) and the reference Python venv.
 * Regressions of issue 12's MLflow defects, each through a faulty proxy in front of the real server
 * (backend-mlflow's test/fault-proxy.ts) or a port nothing listens on:
 *   1. a 200 whose body is not JSON (a login page) is retried or spooled, never dropped;
 *   2. a SIGKILL while the server is unreachable keeps everything written, and sync delivers it;
 *   3. a server that never answers: endRun's wait is bounded, the process exits, the end status is
 *      spooled and said so; sync reports progress and gives up clearly;
 *   4. responses cut mid-way (the run's creation included) are transient, with messages that say so.
 * Every wait is on a condition (a line from a child, its exit, a server answer); the limits are the
 * vitest timeouts, generous for a busy machine.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type MlflowSession,
  MlflowSyncIncompleteError,
  mlflowBackend,
  type RetryNotice,
  syncRunDirectory,
} from "@prov4ml/backend-mlflow";
import { type BackendPlugin, createProv4ml, type ProvDocument } from "@prov4ml/core";
import { hasReferencePython } from "@prov4ml/vitest-config";
import { afterEach, describe, expect, it } from "vitest";
// backend-mlflow's own test helpers (a faulty proxy, sessions driven directly, readers of the server):
// one home for them, used by its tests and by these.
import { type FaultProxy, startFaultProxy } from "../../../packages/backend-mlflow/test/fault-proxy.ts";
import {
  countPoints,
  makeRun,
  outcome,
  python,
  readRunWithPython,
  recordingLogger,
  sharedServerUri,
  tempDir,
  writeLoss,
} from "../../../packages/backend-mlflow/test/helpers.ts";
// @ts-expect-error plain ESM helper without type declarations
import { freePort } from "../../../scripts/lib/mlflow-server.mjs";
import { until } from "./lib/child.ts";
import { recordFigures } from "./lib/figures.ts";

const worker = fileURLToPath(
  new URL("../../../packages/backend-mlflow/test/workers/fault-worker.mjs", import.meta.url),
);
const LOG_BATCH = "/api/2.0/mlflow/runs/log-batch";
const CREATE_RUN = "/api/2.0/mlflow/runs/create";

interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the worker; resolves `written` on its "written" line and `exit` when it exits. */
function startWorker(args: string[], env: Record<string, string> = {}) {
  const child: ChildProcess = spawn(process.execPath, [worker, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let onWritten: () => void = () => {};
  const written = new Promise<void>((resolve) => {
    onWritten = resolve;
  });
  child.stdout!.on("data", (data: Buffer) => {
    stdout += data;
    if (stdout.includes("written\n")) onWritten();
  });
  child.stderr!.on("data", (data: Buffer) => {
    stderr += data;
  });
  const exit = new Promise<WorkerExit>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, written, exit };
}

describe.runIf(hasReferencePython())("MLflow faults (issue 12)", () => {
  const proxies: FaultProxy[] = [];
  afterEach(async () => {
    for (const proxy of proxies.splice(0)) await proxy.close();
  });
  const proxy = async (plan: Parameters<typeof startFaultProxy>[1]) => {
    const started = await startFaultProxy(sharedServerUri(), plan);
    proxies.push(started);
    return started;
  };

  it("defect 1: a 200 with an HTML login page on every 5th log-batch loses nothing", async () => {
    const uri = sharedServerUri();
    const faulty = await proxy((path, index) => (path === LOG_BATCH && index % 5 === 4 ? "html" : "pass"));
    const logger = recordingLogger();
    const session = (await mlflowBackend({ trackingUri: faulty.uri }).openRun(
      makeRun({ runDir: tempDir(), logger }),
    )) as MlflowSession;
    await writeLoss(session, 10_000);
    const result = await session.close(outcome("FINISHED"));
    expect(faulty.counts.html).toBeGreaterThan(0);
    const runId = String(result?.info?.mlflow_run_id);
    const landed = await countPoints(uri, runId, ["training/loss"]);
    recordFigures("12.1 MLflow 200 with HTML", {
      trials: 1,
      pointsLogged: 10_000,
      pointsRecovered: landed["training/loss"] ?? 0,
    });
    expect(landed).toEqual({ "training/loss": 10_000 });
    expect(result?.info?.mlflow_spooled_bytes).toBe(0);
  });

  it("defect 1: when every log-batch gets the login page, endRun says so and sync delivers all", async () => {
    const uri = sharedServerUri();
    const faulty = await proxy((path) => (path === LOG_BATCH ? "html" : "pass"));
    const logger = recordingLogger();
    const runDir = tempDir();
    const session = (await mlflowBackend({
      trackingUri: faulty.uri,
      retry: { maxRetries: 1, baseDelayMs: 10 },
    }).openRun(makeRun({ runDir, logger }))) as MlflowSession;
    await writeLoss(session, 5000);
    const result = await session.close(outcome("FINISHED", [], 3000));
    expect(Number(result?.info?.mlflow_spooled_bytes)).toBeGreaterThan(0);
    expect(result?.warnings?.join("\n")).toContain(`prov4ml sync ${runDir}`);
    expect(logger.messages.join("\n")).toContain("not MLflow's JSON (text/html");
    const report = await syncRunDirectory(runDir, { trackingUri: uri });
    expect(report.remainingBytes).toBe(0);
    const landed = await countPoints(uri, report.mlflowRunId!, ["training/loss"]);
    recordFigures("12.1 MLflow 200 with HTML", {
      trials: 1,
      pointsLogged: 5000,
      pointsRecovered: landed["training/loss"] ?? 0,
    });
    expect(landed).toEqual({ "training/loss": 5000 });
    expect(readRunWithPython(uri, report.mlflowRunId!).status).toBe("FINISHED");
  });

  it("defect 1: a rejection the server means is in endRun's warnings", async () => {
    const logger = recordingLogger();
    const session = (await mlflowBackend({ trackingUri: sharedServerUri() }).openRun(
      makeRun({ runDir: tempDir(), logger }),
    )) as MlflowSession;
    const param = (value: string) => ({
      type: "param" as const,
      key: "lr",
      value,
      rawValue: value,
      context: undefined,
      timestamp: 0,
    });
    await session.write({ events: [param("0.1")], metrics: [] });
    await session.forceFlush();
    await session.write({ events: [param("0.2")], metrics: [] });
    const result = await session.close(outcome("FINISHED"));
    expect(result?.warnings?.join("\n")).toMatch(/rejected batch: .*INVALID_PARAMETER_VALUE/);
  });

  it("defect 1: a rejection the server means is in the run's document", async () => {
    const uri = sharedServerUri();
    let document: ProvDocument | undefined;
    const documents: BackendPlugin = {
      kind: "backend",
      name: "document-capture",
      specVersion: 1,
      capabilities: { metrics: true, artifacts: false, documents: true },
      async openRun() {
        return {
          write() {},
          async forceFlush() {},
          async close(outcome) {
            document = outcome.document;
            return undefined;
          },
        };
      },
    };
    const prov4ml = createProv4ml({
      plugins: [mlflowBackend({ trackingUri: uri }), documents],
      logger: recordingLogger(),
    });
    const run = await prov4ml.startRun({
      experimentName: "defect1-doc",
      provenanceSaveDir: tempDir(),
      logSourceCode: false,
    });
    // Once the MLflow run exists (the backend publishes its id), someone else sets lr in it: MLflow
    // then refuses a different value from us. (Waiting also keeps this about live delivery, not
    // the spool's replay: a loaded shared server can take a while to create the run.)
    const handoff = join(run.runDir, "mlflow_run_id");
    await until(() => existsSync(handoff) && readFileSync(handoff, "utf8").trim() !== "");
    const runId = readFileSync(handoff, "utf8").trim();
    python<null>(
      `import mlflow
mlflow.MlflowClient(${JSON.stringify(uri)}).log_param(${JSON.stringify(runId)}, "lr", "1")
print("null")`,
    );
    run.logParam("lr", 2);
    const result = await run.endRun();
    expect(result.warnings.join("\n")).toMatch(/rejected .*INVALID_PARAMETER_VALUE/);
    const activity = document?.records.find(
      (record) =>
        record.kind === "activity" &&
        record.attributes["prov:type"] !== undefined &&
        record.attributes["prov4ml:run_id"] !== undefined,
    );
    expect(activity?.attributes["prov4ml:mlflow_rejected"]).toBe(1);
    expect(String(activity?.attributes["prov4ml:mlflow_rejection"])).toMatch(/INVALID_PARAMETER_VALUE/);
  });

  for (const away of ["refused", "never answers"] as const) {
    it(`defect 2: SIGKILL while the server ${away}: what write() took is on disk, sync delivers it`, async () => {
      const uri = sharedServerUri();
      const target =
        away === "refused" ? `http://127.0.0.1:${await freePort()}` : (await proxy(() => "hang")).uri;
      const runDir = tempDir();
      const prov4mlRunId = randomUUID();
      const { child, written, exit } = startWorker(
        [target, runDir, `kill-${randomUUID().slice(0, 8)}`, "3000", "kill"],
        {
          PROV4ML_TEST_RUN_ID: prov4mlRunId,
        },
      );
      await Promise.race([written, exit]);
      child.kill("SIGKILL");
      expect((await exit).signal).toBe("SIGKILL");
      const report = await syncRunDirectory(runDir, { trackingUri: uri });
      recordFigures("12.2 SIGKILL, MLflow away", {
        trials: 1,
        pointsLogged: 3000,
        pointsRecovered: report.deliveredPoints,
      });
      expect(report.deliveredPoints).toBe(3000);
      expect(await countPoints(uri, report.mlflowRunId!, ["training/loss"])).toEqual({
        "training/loss": 3000,
      });
      const landed = readRunWithPython(uri, report.mlflowRunId!);
      expect(landed.params).toEqual({ lr: "0.1" });
      expect(landed.tags["prov4ml.run_id"]).toBe(prov4mlRunId);
    });
  }

  it("defect 3: a server that never answers: endRun returns within its wait, the process exits, the end status is spooled", async () => {
    const uri = sharedServerUri();
    const hanging = await proxy(() => "hang");
    const runDir = tempDir();
    const started = Date.now();
    const { exit } = startWorker([hanging.uri, runDir, `hang-${randomUUID().slice(0, 8)}`, "3000", "close"], {
      PROV4ML_TEST_END_TIMEOUT_MS: "2000",
    });
    const ended = await exit;
    const lifetimeMs = Date.now() - started;
    expect(ended.code, ended.stderr).toBe(0);
    const result = JSON.parse(ended.stdout.trim().split("\n").pop()!);
    // Bounded: the 2 s wait plus start-up, far from the 120 s request timeout and its retries.
    expect(lifetimeMs).toBeLessThan(60_000);
    expect(result.info.mlflow_status_spooled).toBe(true);
    expect(result.warnings.join("\n")).toContain("end status (FINISHED) is in the spool");
    const spooled = readFileSync(join(runDir, "mlflow_spool", "records.jsonl"), "utf8");
    expect(spooled).toContain('"t":"status"');

    const retries: RetryNotice[] = [];
    const giveUp = syncRunDirectory(runDir, {
      trackingUri: hanging.uri,
      requestTimeoutMs: 500,
      giveUpAfterMs: 3000,
      retry: { baseDelayMs: 50, maxDelayMs: 200 },
      onRetry: (notice) => retries.push(notice),
    });
    await expect(giveUp).rejects.toBeInstanceOf(MlflowSyncIncompleteError);
    await expect(giveUp).rejects.toThrow(/gave up syncing .*Nothing is lost/);
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]!.error.message).toContain("no answer within the request timeout");

    const report = await syncRunDirectory(runDir, { trackingUri: uri });
    expect(report.remainingBytes).toBe(0);
    const landed = await countPoints(uri, report.mlflowRunId!, ["training/loss"]);
    recordFigures("12.3 MLflow never answers", {
      trials: 1,
      pointsLogged: 3000,
      pointsRecovered: landed["training/loss"] ?? 0,
    });
    expect(landed).toEqual({ "training/loss": 3000 });
    expect(readRunWithPython(uri, report.mlflowRunId!).status).toBe("FINISHED");
  });

  it("defect 4: cut responses (the run's creation, every 3rd log-batch) are retried; one run, exact counts, true words", async () => {
    const uri = sharedServerUri();
    const faulty = await proxy((path, index) =>
      (path === CREATE_RUN && index === 0) || (path === LOG_BATCH && index % 3 === 1) ? "cut" : "pass",
    );
    const logger = recordingLogger();
    const run = makeRun({ runDir: tempDir(), logger });
    const session = (await mlflowBackend({ trackingUri: faulty.uri, probeIntervalMs: 100 }).openRun(
      run,
    )) as MlflowSession;
    await writeLoss(session, 10_000);
    const result = await session.close(outcome("FINISHED"));
    expect(faulty.counts.cut).toBeGreaterThan(1);
    expect(result?.info?.mlflow_spooled_bytes).toBe(0);
    const runId = String(result?.info?.mlflow_run_id);
    const landed = await countPoints(uri, runId, ["training/loss"]);
    recordFigures("12.4 MLflow responses cut", {
      trials: 1,
      pointsLogged: 10_000,
      pointsRecovered: landed["training/loss"] ?? 0,
    });
    expect(landed).toEqual({ "training/loss": 10_000 });
    const text = logger.messages.join("\n");
    expect(text).not.toContain("credentials");
    expect(text).not.toMatch(/: terminated/);
    const runs = await fetch(`${uri}/api/2.0/mlflow/runs/search`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        experiment_ids: [String(result?.info?.mlflow_experiment_id)],
        filter: `tags.\`prov4ml.run_id\` = '${run.runId}'`,
      }),
    }).then((response) => response.json() as Promise<{ runs?: unknown[] }>);
    expect(runs.runs?.length).toBe(1);
  });

  it("defect 4: sync through a proxy that cuts every other response finishes in one call", async () => {
    const uri = sharedServerUri();
    const runDir = tempDir();
    const refused = `http://127.0.0.1:${await freePort()}`;
    const session = (await mlflowBackend({ trackingUri: refused }).openRun(
      makeRun({ runDir, logger: recordingLogger() }),
    )) as MlflowSession;
    await writeLoss(session, 5000);
    await session.close(outcome("FINISHED", [], 1000));
    const faulty = await proxy((path, index) =>
      (path === CREATE_RUN && index === 0) || index % 2 === 1 ? "cut" : "pass",
    );
    const report = await syncRunDirectory(runDir, {
      trackingUri: faulty.uri,
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
    });
    expect(faulty.counts.cut).toBeGreaterThan(0);
    expect(report.remainingBytes).toBe(0);
    const landed = await countPoints(uri, report.mlflowRunId!, ["training/loss"]);
    recordFigures("12.4 MLflow responses cut", {
      trials: 1,
      pointsLogged: 5000,
      pointsRecovered: landed["training/loss"] ?? 0,
    });
    expect(landed).toEqual({ "training/loss": 5000 });
    expect(readRunWithPython(uri, report.mlflowRunId!).status).toBe("FINISHED");
  });
});
