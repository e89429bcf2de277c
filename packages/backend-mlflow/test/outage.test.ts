/**
 * Integration test: needs the real MLflow server of the suite. Nothing may be lost or duplicated
 * when the server goes away: mid-run (then back: the session delivers its spool by itself), and
 * for good (the run is delivered later by syncRunDirectory, twice in a row without duplicates).
 * The server goes away as the client sees it stop: a proxy in front of it cuts the connections in
 * flight and refuses new ones, then answers on the same port again (`FaultProxy.down/up`); a real
 * server process stopped and restarted is the fault suite's part 2 (apps/fault-suite). Every step
 * waits on a condition (points in the server, records in the spool), never on a fixed time.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { hasReferencePython } from "@prov4ml/vitest-config";
import { afterEach, describe, expect, it } from "vitest";
import { type MlflowSession, mlflowBackend, syncRunDirectory } from "../src/index.ts";
import { type FaultProxy, startFaultProxy } from "./fault-proxy.ts";
import {
  chunk,
  countPoints,
  makeRun,
  outcome,
  readRunWithPython,
  recordingLogger,
  sharedServerUri,
  tempDir,
} from "./helpers.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds; the vitest timeout is the overall limit. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await sleep(50);
}

describe.runIf(hasReferencePython())("MLflow server outages", () => {
  let proxy: FaultProxy | undefined;
  const server = () => sharedServerUri();
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it("server away mid-run (connections cut, then refused) and back: exact counts, nothing duplicated", {
    timeout: 600_000,
  }, async () => {
    const logger = recordingLogger();
    const run = makeRun({ runDir: tempDir(), logger });
    proxy = await startFaultProxy(server(), () => "pass");
    const session = (await mlflowBackend({ trackingUri: proxy.uri, probeIntervalMs: 300 }).openRun(
      run,
    )) as MlflowSession;
    let written = 0;
    let training = true;
    let paused = false; // while the server restarts: keeps the backlog small on a slow machine
    const writer = (async () => {
      while (training) {
        if (paused) {
          await sleep(50);
          continue;
        }
        await session.write({ events: [], metrics: [chunk("loss", "training", written, 200)] });
        written += 200;
        await sleep(100);
      }
    })();
    await session.ready();
    await until(() => session.stats.deliveredPoints >= 1000); // live delivery works…
    const spooledAtOutage = session.stats.spooledRecords;
    await proxy.down(); // …then the server goes away mid-run
    // The session gives up live delivery (retries spent) and says so; training goes on into the spool.
    const saidSpooling = () => logger.messages.some((m) => m.includes("Spooling to"));
    await until(() => saidSpooling() && session.stats.spooledRecords >= spooledAtOutage + 5);
    paused = true;
    await proxy.up();
    paused = false;
    const deliveredAtRestart = session.stats.deliveredPoints;
    await until(() => session.stats.deliveredPoints > deliveredAtRestart); // it answers again
    training = false;
    await writer;
    const stats = { ...session.stats };
    // A generous drain: on a busy machine the replay of the spool can take a while.
    const result = await session.close(outcome("FINISHED", [], 600_000));
    expect(stats.spooledRecords, JSON.stringify(stats)).toBeGreaterThan(0); // it did go through the spool
    expect(result?.info?.mlflow_spooled_bytes).toBe(0); // and delivered all of it
    const runId = String(result?.info?.mlflow_run_id);
    expect(await countPoints(server(), runId, ["training/loss"])).toEqual({ "training/loss": written });
    const landed = readRunWithPython(server(), runId, ["training/loss"]);
    expect(landed.status).toBe("FINISHED");
    expect(new Set(landed.history["training/loss"]!.map((p) => p.step)).size).toBe(written);
  });

  it("server unreachable at start and never back during the run: sync delivers, twice without duplicates", {
    timeout: 600_000,
  }, async () => {
    const logger = recordingLogger();
    const runDir = tempDir();
    const run = makeRun({ runDir, logger });
    proxy = await startFaultProxy(server(), () => "pass");
    await proxy.down();
    const session = (await mlflowBackend({ trackingUri: proxy.uri, probeIntervalMs: 300 }).openRun(
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

    await proxy.up();
    const first = await syncRunDirectory(runDir);
    expect(first.remainingBytes).toBe(0);
    expect(first.deliveredPoints).toBe(5500);
    const keys = ["training/loss", "validation/acc"];
    const counts = { "training/loss": 5000, "validation/acc": 500 };
    expect(await countPoints(server(), first.mlflowRunId!, keys)).toEqual(counts);

    const second = await syncRunDirectory(runDir);
    expect(second.mlflowRunId).toBe(first.mlflowRunId);
    expect(second.deliveredRecords).toBe(0);
    expect(await countPoints(server(), first.mlflowRunId!, keys)).toEqual(counts);
    const landed = readRunWithPython(server(), first.mlflowRunId!);
    expect(landed.status).toBe("FINISHED");
    expect(landed.params).toEqual({ lr: "0.1" });
    expect(landed.tags["prov4ml.run_id"]).toBe(run.runId);
    expect(landed.artifacts).toEqual([`prov_${run.runName}.json`]);
  });
});
