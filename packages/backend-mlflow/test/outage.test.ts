/**
 * Integration test: needs the reference Python venv; starts its own MLflow server (SQLite store)
 * because it stops and restarts it. Nothing may be lost or duplicated when the server goes away:
 * mid-run for 10 s (then restarted: the session delivers its spool by itself), and for good
 * (the run is delivered later by syncRunDirectory, twice in a row without duplicates).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { hasReferencePython, pythonExecutable } from "@prov4ml/vitest-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper without type declarations
import { startMlflowServer } from "../../../scripts/lib/mlflow-server.mjs";
import { type MlflowSession, mlflowBackend, syncRunDirectory } from "../src/index.ts";
import {
  chunk,
  countPoints,
  makeRun,
  outcome,
  readRunWithPython,
  recordingLogger,
  tempDir,
} from "./helpers.ts";

type Server = { uri: string; stop(): Promise<void>; restart(): Promise<void> };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(hasReferencePython())("MLflow server outages", () => {
  let server: Server;
  beforeAll(async () => {
    server = await startMlflowServer({
      python: pythonExecutable(),
      workDir: tempDir("prov4ml-mlflow-outage-"),
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("server stopped for 10 s mid-run and restarted: exact counts, nothing duplicated", async () => {
    const logger = recordingLogger();
    const run = makeRun({ runDir: tempDir(), logger });
    const session = (await mlflowBackend({ trackingUri: server.uri, probeIntervalMs: 300 }).openRun(
      run,
    )) as MlflowSession;
    let written = 0;
    let training = true;
    const writer = (async () => {
      while (training) {
        await session.write({ events: [], metrics: [chunk("loss", "training", written, 200)] });
        written += 200;
        await sleep(100);
      }
    })();
    await session.ready(); // the run exists: the server goes away mid-run
    await sleep(1500);
    await server.stop();
    await sleep(10_000);
    await server.restart(); // the server is away for the 10 s plus its start-up
    await sleep(1500);
    training = false;
    await writer;
    const stats = { ...session.stats };
    const result = await session.close(outcome("FINISHED"));
    expect(stats.spooledRecords, JSON.stringify(stats)).toBeGreaterThan(0); // it did go through the spool
    expect(result?.info?.mlflow_spooled_bytes).toBe(0); // and delivered all of it
    const runId = String(result?.info?.mlflow_run_id);
    expect(await countPoints(server.uri, runId, ["training/loss"])).toEqual({ "training/loss": written });
    const landed = readRunWithPython(server.uri, runId, ["training/loss"]);
    expect(landed.status).toBe("FINISHED");
    expect(new Set(landed.history["training/loss"]!.map((p) => p.step)).size).toBe(written);
    expect(logger.messages.some((m) => m.includes("Spooling to"))).toBe(true);
  });

  it("server unreachable at start and never back during the run: sync delivers, twice without duplicates", async () => {
    const logger = recordingLogger();
    const runDir = tempDir();
    const run = makeRun({ runDir, logger });
    await server.stop();
    const session = (await mlflowBackend({ trackingUri: server.uri, probeIntervalMs: 300 }).openRun(
      run,
    )) as MlflowSession;
    for (let offset = 0; offset < 5000; offset += 1000) {
      await session.write({
        events:
          offset === 0
            ? [{ type: "param", key: "lr", value: "0.1", rawValue: 0.1, context: undefined, timestamp: 0 }]
            : [],
        metrics: [chunk("loss", "training", offset, 1000), chunk("acc", "validation", offset / 10, 100)],
      });
    }
    const files = [
      {
        format: "prov-json",
        fileName: `prov_${run.runName}.json`,
        mediaType: "application/json",
        content: "{}",
      },
    ];
    const result = await session.close(outcome("FINISHED", files, 3000));
    expect(Number(result?.info?.mlflow_spooled_bytes)).toBeGreaterThan(0);
    expect(result?.info?.mlflow_run_id).toBeUndefined();
    expect(logger.messages.some((m) => m.includes(`prov4ml sync ${runDir}`))).toBe(true);
    expect(existsSync(join(runDir, "mlflow_spool", "records.jsonl"))).toBe(true);

    await server.restart();
    const first = await syncRunDirectory(runDir);
    expect(first.remainingBytes).toBe(0);
    expect(first.deliveredPoints).toBe(5500);
    const keys = ["training/loss", "validation/acc"];
    const counts = { "training/loss": 5000, "validation/acc": 500 };
    expect(await countPoints(server.uri, first.mlflowRunId!, keys)).toEqual(counts);

    const second = await syncRunDirectory(runDir);
    expect(second.mlflowRunId).toBe(first.mlflowRunId);
    expect(second.deliveredRecords).toBe(0);
    expect(await countPoints(server.uri, first.mlflowRunId!, keys)).toEqual(counts);
    const landed = readRunWithPython(server.uri, first.mlflowRunId!);
    expect(landed.status).toBe("FINISHED");
    expect(landed.params).toEqual({ lr: "0.1" });
    expect(landed.tags["prov4ml.run_id"]).toBe(run.runId);
    expect(landed.artifacts).toEqual([`prov_${run.runName}.json`]);
  });
});
