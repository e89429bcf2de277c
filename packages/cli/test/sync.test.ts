/** `prov4ml sync` through the real @prov4ml/backend-mlflow (no server needed when nothing is spooled). */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
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
    expect(text.out).toBe(`nothing to sync in ${dir}: no spooled records.\n`);
    const json = JSON.parse((await runCli("sync", dir, "--json")).out);
    expect(json).toMatchObject({ runDir: dir, deliveredRecords: 0, remainingBytes: 0 });
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
