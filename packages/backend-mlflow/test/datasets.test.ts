/**
 * Integration test: needs a real MLflow server (the shared one from the global setup or
 * PROV4ML_TEST_MLFLOW_URI) and the reference Python venv; reads dataset inputs back with mlflow's
 * own Python client.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunEvent } from "@prov4ml/core";
import { digestPath } from "@prov4ml/core/internal";
import { hasReferencePython } from "@prov4ml/vitest-config";
import { describe, expect, it } from "vitest";
import { type MlflowSession, mlflowBackend } from "../src/index.ts";
import { makeRun, outcome, python, recordingLogger, sharedServerUri, tempDir } from "./helpers.ts";

interface InputSeen {
  name: string;
  digest: string;
  source_type: string;
  profile: string | null;
  tags: Record<string, string>;
}

function readInputs(uri: string, runId: string): InputSeen[] {
  return python<InputSeen[]>(
    `
import json, sys
from mlflow.tracking import MlflowClient
run = MlflowClient(sys.argv[1]).get_run(sys.argv[2])
print(json.dumps([{"name": d.dataset.name, "digest": d.dataset.digest, "source_type": d.dataset.source_type,
  "profile": d.dataset.profile, "tags": {t.key: t.value for t in d.tags}} for d in run.inputs.dataset_inputs]))
`,
    [uri, runId],
  );
}

async function logDatasets(uri: string, events: RunEvent[]): Promise<InputSeen[]> {
  const logger = recordingLogger();
  const session = (await mlflowBackend({ trackingUri: uri }).openRun(
    makeRun({ runDir: tempDir(), logger }),
  )) as MlflowSession;
  await session.write({ events, metrics: [] });
  const result = await session.close(outcome("FINISHED"));
  expect(logger.messages.filter((m) => m.startsWith("warn") || m.startsWith("error"))).toEqual([]);
  return readInputs(uri, String(result?.info?.mlflow_run_id));
}

function dataset(label: string, source: string | undefined, stats: Record<string, number> = {}): RunEvent {
  return {
    type: "dataset",
    label,
    context: "training",
    source,
    digest: undefined,
    stats,
    timestamp: Date.now(),
  };
}

describe.runIf(hasReferencePython())("dataset inputs against a real server", () => {
  it("digests files and directories by their bytes (as the PROV document hashes them): same data same digest, changed data a different one", async () => {
    const uri = sharedServerUri();
    const dir = tempDir();
    const file = join(dir, "train.csv");
    writeFileSync(file, "x,y\n1,2\n3,4\n");
    const images = join(dir, "images");
    mkdirSync(images);
    writeFileSync(join(images, "0.png"), Buffer.from([0, 1, 2]));

    const first = await logDatasets(uri, [dataset("train", file, { rows: 2 }), dataset("images", images)]);
    const fileHash = (await digestPath(file)).sha256;
    const dirHash = (await digestPath(images)).sha256;
    const train = first.find((input) => input.name === "train")!;
    expect(train).toMatchObject({
      digest: fileHash.slice(0, 36),
      source_type: "local",
      profile: '{"rows":2}',
      tags: { "mlflow.data.context": "training", "prov4ml.data.sha256": fileHash },
    });
    expect(first.find((input) => input.name === "images")?.tags["prov4ml.data.sha256"]).toBe(dirHash);

    const again = await logDatasets(uri, [dataset("train", file, { rows: 2 })]);
    expect(again[0]?.digest).toBe(train.digest);

    writeFileSync(file, "x,y\n1,2\n3,5\n"); // same name, same size, one byte changed
    const changed = await logDatasets(uri, [dataset("train", file, { rows: 2 })]);
    expect(changed[0]?.digest).not.toBe(train.digest);
    expect(changed[0]?.tags["prov4ml.data.sha256"]).toBe((await digestPath(file)).sha256);
  });

  it("digests in-memory data by what was given", async () => {
    const uri = sharedServerUri();
    // the server lists a run's inputs in no set order: pick them by name
    const both = await logDatasets(uri, [
      dataset("batch-a", undefined, { total_samples: 100 }),
      dataset("batch-b", undefined, { total_samples: 101 }),
    ]);
    const a = both.find((input) => input.name === "batch-a");
    const b = both.find((input) => input.name === "batch-b");
    const [a2] = await logDatasets(uri, [dataset("batch-a", undefined, { total_samples: 100 })]);
    expect(a2?.digest).toBe(a?.digest);
    expect(b?.digest).not.toBe(a?.digest);
    expect(a?.tags).toEqual({ "mlflow.data.context": "training" });
  });
});
