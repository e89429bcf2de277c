/**
 * Integration test: needs a real MLflow server (the shared one from the global setup or
 * PROV4ML_TEST_MLFLOW_URI) and the reference Python venv; checks what landed with mlflow's own
 * Python MlflowClient.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunEvent } from "@prov4ml/core";
import { hasReferencePython } from "@prov4ml/vitest-config";
import { describe, expect, it } from "vitest";
import { MlflowClient, type MlflowSession, mlflowBackend } from "../src/index.ts";
import {
  chunk,
  makeRun,
  outcome,
  readRunWithPython,
  recordingLogger,
  sharedServerUri,
  tempDir,
} from "./helpers.ts";

describe.runIf(hasReferencePython())("MLflow REST backend against a real server", () => {
  it("logs a whole run: system tags, params, tags, context metrics, system metrics, datasets, artifacts, PROV files, status", async () => {
    const uri = sharedServerUri();
    const runDir = tempDir();
    const userFile = join(runDir, "notes.txt");
    writeFileSync(userFile, "hello artifacts");
    const modelDir = join(runDir, "model");
    mkdirSync(join(modelDir, "weights"), { recursive: true });
    writeFileSync(join(modelDir, "config.json"), "{}");
    writeFileSync(join(modelDir, "weights", "layer0.bin"), Buffer.from([1, 2, 3]));
    const logger = recordingLogger();
    const run = makeRun({ runDir, logger });
    const backend = mlflowBackend({ trackingUri: uri });
    expect(backend).toMatchObject({ kind: "backend", name: "@prov4ml/backend-mlflow", specVersion: 1 });

    const started = Date.now();
    const session = (await backend.openRun(run)) as MlflowSession;
    expect(session.mlflowRun).toBeUndefined(); // openRun does not wait on the network

    const artifact = (name: string, path: string, isDirectory: boolean): RunEvent => ({
      type: "artifact",
      name,
      sourcePath: path,
      storedPath: path,
      isDirectory,
      size: 1,
      sha256: "0",
      context: "training",
      isInput: false,
      isModel: false,
      timestamp: Date.now(),
    });
    const events: RunEvent[] = [
      {
        type: "param",
        key: "lr",
        value: "0.001",
        rawValue: 0.001,
        context: undefined,
        timestamp: Date.now(),
      },
      {
        type: "param",
        key: "batch_size",
        value: "32",
        rawValue: 32,
        context: "training",
        timestamp: Date.now(),
      },
      { type: "tag", key: "framework", value: "tfjs" },
      {
        type: "dataset",
        label: "mnist-train",
        context: "training",
        source: "/data/mnist/train",
        digest: undefined,
        stats: { rows: 60000 },
        timestamp: Date.now(),
      },
      artifact("notes.txt", userFile, false),
      {
        type: "model",
        name: "net",
        context: "training",
        info: undefined,
        artifact: artifact("model", modelDir, true),
        timestamp: Date.now(),
      },
    ];
    // The core reuses chunk arrays after write resolves: overwrite them to prove the session copied.
    const loss = chunk("loss", "training", 0, 1500);
    const accuracy = chunk("accuracy", "validation", 0, 10, {
      value: (i) => (i === 3 ? Number.NaN : i / 10),
    });
    const cpu = chunk("cpu_usage", "training", 0, 5, { source: "@prov4ml/collector-system" });
    await session.write({ events, metrics: [loss, accuracy, cpu] });
    loss.values.fill(-1);
    await session.write({ events: [], metrics: [chunk("loss", "training", 1500, 500)] });
    await session.forceFlush();

    const files = [
      {
        format: "prov-json",
        fileName: `prov_${run.runName}.json`,
        mediaType: "application/json",
        content: '{"entity":{}}',
      },
      {
        format: "dot",
        fileName: `prov_${run.runName}.dot`,
        mediaType: "text/vnd.graphviz",
        content: "digraph {}",
      },
      {
        format: "svg",
        fileName: `prov_${run.runName}.svg`,
        mediaType: "image/svg+xml",
        content: new TextEncoder().encode("<svg/>"),
      },
    ];
    const attributes = session.provAttributes();
    const result = await session.close(outcome("FINISHED", files));
    const runId = String(result?.info?.mlflow_run_id);
    expect(attributes).toEqual({
      "prov4ml:mlflow_tracking_uri": uri,
      "prov4ml:mlflow_experiment_id": String(result?.info?.mlflow_experiment_id),
      "prov4ml:mlflow_run_id": runId,
    });
    expect(result?.info?.mlflow_spooled_bytes).toBe(0);

    const landed = readRunWithPython(uri, runId, [
      "training/loss",
      "validation/accuracy",
      "system/cpu_utilization_percentage",
    ]);
    expect(landed.status).toBe("FINISHED");
    expect(landed.endTime).toBeGreaterThanOrEqual(started);
    expect(landed.runName).toBe(run.runName);
    expect(landed.params).toEqual({ lr: "0.001", batch_size: "32" });
    expect(landed.tags).toMatchObject({
      "mlflow.runName": run.runName,
      "mlflow.user": "tester",
      "mlflow.source.type": "LOCAL",
      "mlflow.note.content": "integration test run",
      "prov4ml.run_id": run.runId,
      "prov4ml.prov_document": `prov_${run.runName}.json`,
      framework: "tfjs",
      team: "prov4ml",
    });
    expect(landed.tags["mlflow.source.name"]).toBeTruthy();
    const lossHistory = landed.history["training/loss"]!;
    expect(lossHistory).toHaveLength(2000);
    expect(lossHistory.map((p) => p.step)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    expect(lossHistory[10]).toEqual({ step: 10, value: 5, timestamp: 1_700_000_000_010 });
    const accuracyHistory = landed.history["validation/accuracy"]!;
    expect(accuracyHistory).toHaveLength(10);
    expect(accuracyHistory.find((p) => p.step === 3)?.value).toBeNull(); // NaN survived as NaN
    expect(landed.history["system/cpu_utilization_percentage"]).toHaveLength(5);
    expect(landed.inputs).toEqual([{ name: "mnist-train", context: "training", profile: '{"rows":60000}' }]);
    expect(landed.artifacts).toEqual(
      [
        // The model's files belong to its LoggedModel (test/logged-models.test.ts), not the run.
        "notes.txt",
        `prov_${run.runName}.dot`,
        `prov_${run.runName}.json`,
        `prov_${run.runName}.svg`,
      ].sort(),
    );
    const client = new MlflowClient({ trackingUri: uri });
    expect(new TextDecoder().decode(await client.downloadArtifact(runId, "notes.txt"))).toBe(
      "hello artifacts",
    );
    expect(logger.messages.filter((m) => m.startsWith("error") || m.startsWith("warn"))).toEqual([]);
  });

  it("creates the same experiment from concurrent creators without failing", async () => {
    const uri = sharedServerUri();
    const name = `race-${Date.now()}`;
    const ids = await Promise.all(
      Array.from({ length: 6 }, () => new MlflowClient({ trackingUri: uri }).getOrCreateExperiment(name)),
    );
    expect(new Set(ids).size).toBe(1);
  });

  it("reports a rejected key clearly and sends the rest", async () => {
    const uri = sharedServerUri();
    const logger = recordingLogger();
    const run = makeRun({ runDir: tempDir(), logger });
    const session = (await mlflowBackend({ trackingUri: uri }).openRun(run)) as MlflowSession;
    await session.write({
      events: [],
      metrics: [chunk("bad!name", "training", 0, 3), chunk("ok", "training", 0, 3)],
    });
    const result = await session.close(outcome("FAILED"));
    expect(logger.messages.some((m) => m.includes('"training/bad!name"') && m.includes("only letters"))).toBe(
      true,
    );
    const landed = readRunWithPython(uri, String(result?.info?.mlflow_run_id), ["training/ok"]);
    expect(landed.status).toBe("FAILED");
    expect(landed.history["training/ok"]).toHaveLength(3);
  });
});
