/** `prov4ml sync` through the real @prov4ml/backend-mlflow (no server needed when nothing is spooled). */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
// @ts-expect-error plain ESM helper without type declarations
import { freePort } from "../../../scripts/lib/mlflow-server.mjs";
import { isOneLineError, runCli } from "./run-cli.ts";

describe("prov4ml sync", () => {
  afterEach(() => {
    vi.doUnmock("@prov4ml/backend-mlflow");
    vi.resetModules();
  });

  it("delegates to syncRunDirectory: a run with nothing spooled has nothing to sync", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prov4ml-sync-"));
    const text = await runCli("sync", dir);
    expect(text).toMatchObject({ status: 0, err: "" });
    expect(text.out).toBe(`nothing to sync in ${dir}: no run document and no spooled records.\n`);
    const json = JSON.parse((await runCli("sync", dir, "--json")).out);
    expect(json).toMatchObject({ runDir: dir, deliveredRecords: 0, remainingBytes: 0 });
  });

  it("against a server that is not there: retries on stderr, then gives up in one clear line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prov4ml-sync-"));
    const spool = join(dir, "mlflow_spool");
    mkdirSync(join(spool, "files"), { recursive: true });
    const port = await freePort(); // free a moment ago: connections to it are refused
    const state = {
      version: 1,
      trackingUri: `http://127.0.0.1:${port}`,
      experimentName: "sync-gives-up",
      runName: "r",
      startTime: 1,
      createTags: [],
      rank: 0,
      prov4mlRunId: "00000000-0000-4000-8000-000000000000",
      handoffFile: join(dir, "mlflow_run_id"),
    };
    writeFileSync(join(spool, "state.json"), JSON.stringify(state));
    writeFileSync(join(spool, "records.jsonl"), '{"t":"status","status":"FINISHED","endTime":2}\n');
    const result = await runCli("sync", dir, "--give-up-after", "2");
    expect(result.status).toBe(1);
    expect(result.err).toMatch(/sync: GET mlflow\/experiments\/get-by-name failed: .* retry 1 in/);
    const last = result.err.trim().split("\n").pop()!;
    expect(last).toMatch(/^prov4ml sync: gave up syncing .*Nothing is lost/);
  });

  it("says how to install the MLflow backend when it is missing", async () => {
    vi.doMock("@prov4ml/backend-mlflow", () => {
      throw new Error("Cannot find package '@prov4ml/backend-mlflow'");
    });
    vi.resetModules();
    const { main } = await import("../src/main.ts");
    const { bufferIO } = await import("../src/io.ts");
    const io = bufferIO();
    const status = await main(["sync", mkdtempSync(join(tmpdir(), "prov4ml-sync-"))], io);
    expect(status).toBe(1);
    expect(isOneLineError(io.err)).toBe(true);
    expect(io.err).toContain("prov4ml sync needs @prov4ml/backend-mlflow: install it next to @prov4ml/cli");
  });
});
