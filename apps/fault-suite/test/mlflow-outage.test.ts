/**
 * Part 2 — MLflow server outages, through the facade (MLFLOW_TRACKING_URI turns the MLflow backend
 * on). A dedicated server is stopped mid-run and restarted: afterwards it holds exactly the points
 * logged, no fewer and no duplicates. A server stopped mid-run and not back before the run ends:
 * everything is spooled, and `prov4ml sync` delivers exact counts, twice in a row without
 * duplicates (the second delivers nothing).
 *
 * Every step waits on a condition (points in the server, records in the spool), never on a time.
 *
 * (backend-mlflow's own tests drive sessions directly; this drives a whole training process.)
 * Needs the reference Python venv: it starts its own MLflow server.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SPOOL_DIR_NAME } from "@prov4ml/backend-mlflow";
import { hasReferencePython } from "@prov4ml/vitest-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnv, spawnScript, until } from "./lib/child.ts";
import { prov4mlCli } from "./lib/cli.ts";
import { recordFigures } from "./lib/figures.ts";
import { type MlflowServer, metricHistory, runsOf, startDedicatedServer } from "./lib/mlflow-server.ts";
import { facadeDist, importUrl } from "./lib/paths.ts";

/** Logs loss = step every 2 ms (one point a tick) until the stop file appears, then ends the run. */
function training(): string {
  return `
import * as prov4ml from ${importUrl(facadeDist())};
import { existsSync } from "node:fs";
const [saveDir, experiment, stopFile, endTimeoutMs] = process.argv.slice(2);
const run = await prov4ml.startRun({ experimentName: experiment, provenanceSaveDir: saveDir, flushIntervalMs: 100, logSourceCode: false });
prov4ml.logParam("lr", 0.01);
await prov4ml.flush();
console.log("STARTED " + run.runDir);
let step = 0;
await new Promise((resolve) => {
  const timer = setInterval(() => {
    prov4ml.logMetric("loss", step, prov4ml.Context.TRAINING, step);
    step++;
    if (existsSync(stopFile)) { clearInterval(timer); resolve(); }
  }, 2);
});
const result = await prov4ml.endRun({ timeoutMs: Number(endTimeoutMs) });
console.log("RESULT " + JSON.stringify({ points: step, runDir: result.runDir, warnings: result.warnings, backendInfo: result.backendInfo }));
`;
}

interface Result {
  points: number;
  runDir: string;
  warnings: string[];
  backendInfo: Record<string, string | number | boolean>;
}

/** Exact check of the server's copy: one point per step 0..points-1, each with its value. */
async function serverPoints(uri: string, runId: string, points: number) {
  const history = await metricHistory(uri, runId, "training/loss");
  const steps = new Set(history.map((point) => point.step));
  const wrongValues = history.filter((point) => Number(point.value) !== point.step).length;
  const missing = Array.from({ length: points }, (_, step) => step).filter((step) => !steps.has(step)).length;
  return {
    total: history.length,
    distinct: steps.size,
    missing,
    duplicates: history.length - steps.size,
    wrongValues,
  };
}

/** Points of the experiment's run the server holds so far (0 while the run or the server is not there). */
async function pointsOnServer(uri: string, experiment: string): Promise<number> {
  try {
    const [run] = await runsOf(uri, experiment);
    return run ? (await metricHistory(uri, run.info.run_id, "training/loss")).length : 0;
  } catch {
    return 0;
  }
}

/** Bytes in the run's MLflow spool (records the session could not deliver). */
function spooledBytes(runDir: string): number {
  return statSync(join(runDir, SPOOL_DIR_NAME, "records.jsonl"), { throwIfNoEntry: false })?.size ?? 0;
}

/** Generous: two server restarts and a replay on a loaded 2-core machine. */
const OUTAGE_TEST_TIMEOUT_MS = 600_000;

describe.runIf(hasReferencePython())("MLflow server outages during a training", () => {
  let server: MlflowServer;
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-fault-outage-"));
  // made while collecting, before the per-file temp directory exists: removed here
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let spooled: Result | undefined;

  beforeAll(async () => {
    server = await startDedicatedServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  function startTraining(experiment: string, endTimeoutMs: number) {
    const stopFile = join(dir, `${experiment}.stop`);
    const child = spawnScript(training(), {
      args: [join(dir, experiment), experiment, stopFile, String(endTimeoutMs)],
      env: childEnv({ MLFLOW_TRACKING_URI: server.uri }),
    });
    return { child, stop: () => writeFileSync(stopFile, "") };
  }

  it("stopped mid-run and restarted: the server ends with exactly the points logged", {
    timeout: OUTAGE_TEST_TIMEOUT_MS,
  }, async () => {
    const { child, stop } = startTraining("outage_restart", 60_000);
    const runDir = (await child.waitFor(/STARTED (.+)\n/))[1]!;
    await until(async () => (await pointsOnServer(server.uri, "outage_restart")) > 0); // live delivery works
    const spooledBefore = spooledBytes(runDir);
    await server.stop();
    await until(() => spooledBytes(runDir) > spooledBefore); // the training goes on, into the spool
    await server.restart();
    const beforeRestart = await pointsOnServer(server.uri, "outage_restart");
    await until(async () => (await pointsOnServer(server.uri, "outage_restart")) > beforeRestart); // delivering again
    stop();
    const result = JSON.parse((await child.waitFor(/RESULT (.+)\n/, OUTAGE_TEST_TIMEOUT_MS))[1]!) as Result;
    expect((await child.exit).code, child.stderr()).toBe(0);

    const runId = String(result.backendInfo.mlflow_run_id);
    const counts = await serverPoints(server.uri, runId, result.points);
    recordFigures("2 MLflow outage", {
      trials: 1,
      pointsLogged: result.points,
      pointsRecovered: counts.distinct - counts.wrongValues,
    });
    expect(result.points).toBeGreaterThan(1000);
    expect(counts).toEqual({
      total: result.points,
      distinct: result.points,
      missing: 0,
      duplicates: 0,
      wrongValues: 0,
    });
    expect(result.backendInfo.mlflow_spooled_bytes).toBe(0);
    const [run] = await runsOf(server.uri, "outage_restart");
    expect(run?.info.status).toBe("FINISHED");
    expect(run?.data.params).toContainEqual({ key: "lr", value: "0.01" });
  });

  it("stopped and not back before the end: everything spooled; `prov4ml sync` twice delivers exact counts once", {
    timeout: OUTAGE_TEST_TIMEOUT_MS,
  }, async () => {
    const { child, stop } = startTraining("outage_spool", 2000);
    const runDir = (await child.waitFor(/STARTED (.+)\n/))[1]!;
    await until(async () => (await pointsOnServer(server.uri, "outage_spool")) > 0);
    const spooledBefore = spooledBytes(runDir);
    await server.stop();
    await until(() => spooledBytes(runDir) > spooledBefore);
    stop();
    spooled = JSON.parse((await child.waitFor(/RESULT (.+)\n/, OUTAGE_TEST_TIMEOUT_MS))[1]!) as Result;
    expect((await child.exit).code, child.stderr()).toBe(0);
    expect(Number(spooled.backendInfo.mlflow_spooled_bytes)).toBeGreaterThan(0);
    expect(existsSync(join(spooled.runDir, SPOOL_DIR_NAME))).toBe(true);
    expect(child.stderr()).toContain(`prov4ml sync ${spooled.runDir}`);

    await server.restart();
    const first = prov4mlCli(["sync", spooled.runDir, "--json"], childEnv());
    expect(first.status, first.stderr).toBe(0);
    const firstReport = JSON.parse(first.stdout) as {
      mlflowRunId: string;
      deliveredPoints: number;
      remainingBytes: number;
    };
    expect(firstReport.remainingBytes).toBe(0);
    const afterFirst = await serverPoints(server.uri, firstReport.mlflowRunId, spooled.points);

    const second = prov4mlCli(["sync", spooled.runDir, "--json"], childEnv());
    expect(second.status, second.stderr).toBe(0);
    const secondReport = JSON.parse(second.stdout) as { deliveredPoints: number; deliveredRecords: number };
    const afterSecond = await serverPoints(server.uri, firstReport.mlflowRunId, spooled.points);

    recordFigures("2 MLflow outage", {
      trials: 1,
      pointsLogged: spooled.points,
      pointsRecovered: afterSecond.distinct - afterSecond.wrongValues,
    });
    const exact = {
      total: spooled.points,
      distinct: spooled.points,
      missing: 0,
      duplicates: 0,
      wrongValues: 0,
    };
    expect(afterFirst).toEqual(exact);
    expect(secondReport).toMatchObject({ deliveredPoints: 0, deliveredRecords: 0 });
    expect(afterSecond).toEqual(exact);
    const runs = await runsOf(server.uri, "outage_spool");
    expect(runs).toHaveLength(1);
    expect(runs[0]?.info.status).toBe("FINISHED");
  });

  // Was a bug (backend-mlflow session.ts close, fixed): when the drain times out and records stay in
  // the spool, the user is told on stderr only; EndRunResult.warnings ("problems met while ending,
  // a backend that timed out") stays empty, so a script checking it believes everything arrived.
  it("reports the records left in the spool in endRun's warnings", () => {
    expect(spooled, "the previous test ran").toBeDefined();
    expect(spooled!.warnings.join("\n")).toContain("prov4ml sync");
  });
});
