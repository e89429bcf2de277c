import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { attachFileToRun } from "./attach-file.ts";
import type { MlflowClient } from "./client.ts";
import { MlflowValidationError } from "./errors.ts";

const noClient = (): MlflowClient => {
  throw new Error("a local store needs no client");
};

describe("attachFileToRun", () => {
  it("writes into the local store's run artifacts, and says false for a run MLflow has not got", async () => {
    const store = mkdtempSync(join(tmpdir(), "prov4ml-attach-"));
    const info = { mlflow_store: store, mlflow_experiment_id: "7", mlflow_run_id: "abc" };
    expect(await attachFileToRun(info, "reports/prov4ml_report.html", "<p>x</p>", noClient)).toBe(true);
    expect(readFileSync(join(store, "7", "abc", "artifacts", "reports", "prov4ml_report.html"), "utf8")).toBe(
      "<p>x</p>",
    );
    expect(await attachFileToRun({ mlflow_spooled_bytes: 10 }, "r.html", "x", noClient)).toBe(false);
    // The server was away at the end: the run's records wait in the spool, so does the file.
    const spooled = {
      mlflow_tracking_uri: "http://127.0.0.1:9",
      mlflow_run_id: "abc",
      mlflow_spooled_bytes: 10,
    };
    expect(await attachFileToRun(spooled, "r.html", "x", noClient)).toBe(false);
  });

  it("refuses a path that would leave the run's artifacts", async () => {
    const info = { mlflow_store: "/tmp", mlflow_experiment_id: "7", mlflow_run_id: "abc" };
    for (const path of ["../escape.html", "/abs.html", "a//b", "./a"])
      await expect(attachFileToRun(info, path, "x", noClient)).rejects.toBeInstanceOf(MlflowValidationError);
  });
});
