/**
 * Integration test: needs a real MLflow 3 server (the shared one from the global setup or
 * PROV4ML_TEST_MLFLOW_URI) and the reference Python venv; reads LoggedModels back with mlflow's
 * own Python client. The "older server" case puts the fault proxy (404 on logged-models) in front.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ArtifactEvent, MetricChunk, ModelEvent, RunEvent } from "@prov4ml/core";
import { hasReferencePython } from "@prov4ml/vitest-config";
import { describe, expect, it } from "vitest";
import { freePort } from "../../../scripts/lib/mlflow-server.mjs";
import { type MlflowSession, mlflowBackend, syncRunDirectory } from "../src/index.ts";
import { startFaultProxy } from "./fault-proxy.ts";
import {
  chunk,
  makeRun,
  outcome,
  python,
  readRunWithPython,
  recordingLogger,
  sharedServerUri,
  tempDir,
} from "./helpers.ts";

function modelEvent(name: string, file: string | undefined, extra: { isInput?: boolean } = {}): RunEvent {
  const artifact: ArtifactEvent | undefined = file
    ? {
        type: "artifact",
        name: `models/${name}.bin`,
        sourcePath: file,
        storedPath: file,
        isDirectory: false,
        size: 8,
        sha256: "ab".repeat(32),
        context: "training",
        isInput: false,
        isModel: true,
        model: name,
        timestamp: Date.now(),
      }
    : undefined;
  const event: ModelEvent & { isInput?: boolean } = {
    type: "model",
    name,
    context: "training",
    info: { format: "tfjs-layers", parameterCount: 1234, memoryBytes: 4936 },
    artifact,
    timestamp: Date.now(),
    ...extra,
  };
  return event;
}

/** The events `logModel` with a file pushes: the model's file as an artifact, then the model. */
function asLogged(model: RunEvent): RunEvent[] {
  return model.type === "model" && model.artifact ? [model.artifact, model] : [model];
}

interface ModelsSeen {
  models: {
    id: string;
    name: string;
    status: string;
    source_run_id: string;
    params: Record<string, string>;
    tags: Record<string, string>;
    files: string[];
    content: string | null;
    /** The model's metric points (`model_id`): key, step and run. */
    metrics: [string, number, string][];
  }[];
  outputs: Record<string, string[]>;
  inputs: Record<string, string[]>;
}

/** The experiment's LoggedModels and the runs' model inputs and outputs, through mlflow's Python client. */
function readModels(uri: string, experimentId: string, runIds: string[]): ModelsSeen {
  return python<ModelsSeen>(
    `
import json, sys, os, tempfile
import mlflow
from mlflow.tracking import MlflowClient
mlflow.set_tracking_uri(sys.argv[1])
c = MlflowClient(sys.argv[1])
models = []
for m in mlflow.search_logged_models(experiment_ids=[sys.argv[2]], output_format="list"):
    m = mlflow.get_logged_model(m.model_id)
    files = sorted(f.path for f in c.list_logged_model_artifacts(m.model_id))
    content = None
    if files:
        local = mlflow.artifacts.download_artifacts(artifact_uri=m.artifact_location + "/" + files[0], dst_path=tempfile.mkdtemp())
        content = open(local).read()
    models.append({"id": m.model_id, "name": m.name, "status": str(m.status), "source_run_id": m.source_run_id,
      "params": m.params, "tags": {k: v for k, v in m.tags.items() if not k.startswith("mlflow.")}, "files": files, "content": content,
      "metrics": sorted([x.key, x.step, x.run_id] for x in (m.metrics or []))})
outputs, inputs = {}, {}
for run_id in json.loads(sys.argv[3]):
    run = c.get_run(run_id)
    outputs[run_id] = [o.model_id for o in (run.outputs.model_outputs if run.outputs else [])]
    inputs[run_id] = [i.model_id for i in (run.inputs.model_inputs if run.inputs else [])]
print(json.dumps({"models": models, "outputs": outputs, "inputs": inputs}))
`,
    [uri, experimentId, JSON.stringify(runIds)],
  );
}

/** A run writing `before` (points), then the events with `after` (points logged after them). */
async function runWith(
  uri: string,
  experimentName: string,
  events: RunEvent[],
  before: MetricChunk[] = [],
  after: MetricChunk[] = [],
) {
  const runDir = tempDir();
  const logger = recordingLogger();
  const session = (await mlflowBackend({ trackingUri: uri }).openRun(
    makeRun({ runDir, logger, experimentName }),
  )) as MlflowSession;
  if (before.length > 0) await session.write({ events: [], metrics: before });
  await session.write({ events, metrics: after });
  const result = await session.close(outcome("FINISHED"));
  return {
    runId: String(result?.info?.mlflow_run_id),
    experimentId: String(result?.info?.mlflow_experiment_id),
    logger,
  };
}

describe.runIf(hasReferencePython())("MLflow 3 LoggedModels against a real server", () => {
  it("logModel creates one finalized LoggedModel with its info as params and its file as artifact; an evaluation links to it; points logged after either carry its model_id", async () => {
    const uri = sharedServerUri();
    const experimentName = `models-${Date.now()}`;
    const file = join(tempDir(), "net.bin");
    writeFileSync(file, "weights!");
    const later = Date.now() + 60_000; // points timestamped after the model events
    const trained = await runWith(
      uri,
      experimentName,
      asLogged(modelEvent("net", file)),
      [chunk("loss", "training", 0, 1500)],
      [chunk("accuracy", "testing", 0, 3, { t0: later }), chunk("loss", "training", 1500, 1, { t0: later })],
    );
    const evaluated = await runWith(
      uri,
      experimentName,
      [modelEvent("net", undefined, { isInput: true })],
      [],
      [chunk("accuracy", "evaluation", 0, 2, { t0: later })],
    );

    const seen = readModels(uri, trained.experimentId, [trained.runId, evaluated.runId]);
    expect(seen.models).toHaveLength(1); // the evaluation did not create a second one
    const [model] = seen.models;
    expect(model).toMatchObject({
      name: "net",
      status: "READY",
      source_run_id: trained.runId,
      params: { format: "tfjs-layers", framework: "tfjs", parameter_count: "1234", memory_bytes: "4936" },
      tags: { "prov4ml.context": "training", "prov4ml.sha256": "ab".repeat(32) },
      files: ["net.bin"],
      content: "weights!",
    });
    // The file is the LoggedModel's only: not uploaded again among the run's artifacts.
    expect(readRunWithPython(uri, trained.runId).artifacts).toEqual([]);
    expect(seen.outputs[trained.runId]).toEqual([model!.id]);
    // The model's metrics: the points logged after it, by both runs; the 1,500 before are the run's only.
    const linked: [string, number, string][] = [
      ...[0, 1, 2].map((step): [string, number, string] => ["testing/accuracy", step, trained.runId]),
      ["training/loss", 1500, trained.runId],
      ...[0, 1].map((step): [string, number, string] => ["evaluation/accuracy", step, evaluated.runId]),
    ];
    expect(model!.metrics).toEqual(linked.sort());
    const history = readRunWithPython(uri, trained.runId, ["training/loss", "testing/accuracy"]).history;
    expect([history["training/loss"]?.length, history["testing/accuracy"]?.length]).toEqual([1501, 3]);
    expect(seen.inputs[evaluated.runId]).toEqual([model!.id]);
    expect(seen.outputs[evaluated.runId]).toEqual([]);
    for (const { logger } of [trained, evaluated])
      expect(logger.messages.filter((m) => m.startsWith("warn") || m.startsWith("error"))).toEqual([]);
  });

  it("on a server without the LoggedModel API: one warning, the model file as a run artifact, the rest lands", async () => {
    const upstream = sharedServerUri();
    const proxy = await startFaultProxy(upstream, (path) =>
      path.includes("/logged-models") ? "missing" : "pass",
    );
    try {
      const file = join(tempDir(), "net.bin");
      writeFileSync(file, "weights!");
      const events: RunEvent[] = [
        ...asLogged(modelEvent("net", file)),
        { type: "tag", key: "stage", value: "train" },
      ];
      const after = [chunk("accuracy", "testing", 0, 3, { t0: Date.now() + 60_000 })];
      const { runId, logger } = await runWith(proxy.uri, `old-server-${Date.now()}`, events, [], after);
      expect(proxy.counts.missing).toBeGreaterThan(0);
      const warnings = logger.messages.filter((m) => m.startsWith("warn"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain("no LoggedModel API");
      const landed = readRunWithPython(upstream, runId);
      expect(landed.status).toBe("FINISHED");
      expect(landed.tags.stage).toBe("train");
      // Points logged after the model have no LoggedModel to belong to: the run's, all of them.
      expect(landed.latest).toHaveProperty("testing/accuracy");
      expect(
        readRunWithPython(upstream, runId, ["testing/accuracy"]).history["testing/accuracy"],
      ).toHaveLength(3);
      // Without LoggedModels the model's file is a run artifact — once.
      expect(landed.artifacts.filter((path) => path.endsWith("net.bin"))).toEqual(["models/net.bin"]);
    } finally {
      await proxy.close();
    }
  });

  it("a model logged while the server is away is spooled and lands by sync as one LoggedModel, synced twice", async () => {
    const uri = sharedServerUri();
    const runDir = tempDir();
    const file = join(runDir, "net.bin");
    writeFileSync(file, "spooled weights");
    const logger = recordingLogger();
    const away = `http://127.0.0.1:${await freePort()}`;
    const session = (await mlflowBackend({ trackingUri: away, retry: { maxRetries: 0 } }).openRun(
      makeRun({ runDir, logger, experimentName: `spooled-model-${Date.now()}` }),
    )) as MlflowSession;
    await session.write({ events: [modelEvent("net", file)], metrics: [] });
    await session.close(outcome("FINISHED", [], 2000));

    const first = await syncRunDirectory(runDir, { trackingUri: uri });
    const second = await syncRunDirectory(runDir, { trackingUri: uri });
    expect(second.deliveredRecords).toBe(0);
    // A replay cut before its cursor moved sends the model again: found, not recreated, no second output.
    writeFileSync(join(runDir, "mlflow_spool", "cursor.json"), JSON.stringify({ offset: 0 }));
    const replay = await syncRunDirectory(runDir, { trackingUri: uri });
    expect(replay).toMatchObject({ deliveredRecords: first.deliveredRecords, rejectedRecords: 0 });
    const seen = readModels(uri, first.experimentId!, [first.mlflowRunId!]);
    expect(seen.models).toHaveLength(1);
    expect(seen.models[0]).toMatchObject({ name: "net", status: "READY", content: "spooled weights" });
    expect(seen.outputs[first.mlflowRunId!]).toEqual([seen.models[0]!.id]);
  });
});
