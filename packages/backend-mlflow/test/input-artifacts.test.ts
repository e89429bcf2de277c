/**
 * Integration test: needs a real MLflow server (the shared one from the global setup or
 * PROV4ML_TEST_MLFLOW_URI) and the reference Python venv; reads the runs back with mlflow's own
 * Python client. An evaluation run's inputs (a data file, the trained model) are inputs in MLflow
 * too, never uploaded as if the evaluation had made them.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Context, createProv4ml, silentLogger } from "@prov4ml/core";
import { hasReferencePython } from "@prov4ml/vitest-config";
import { describe, expect, it } from "vitest";
import { mlflowBackend } from "../src/index.ts";
import { python, sharedServerUri, tempDir } from "./helpers.ts";

async function runOnce(
  experimentName: string,
  log: (run: Awaited<ReturnType<typeof start>>) => Promise<unknown>,
) {
  const run = await start(experimentName);
  await log(run);
  const result = await run.endRun();
  expect(result.warnings).toEqual([]);
  return String(result.backendInfo.mlflow_run_id);
}

function start(experimentName: string) {
  const prov = createProv4ml({
    plugins: [mlflowBackend({ trackingUri: sharedServerUri() })],
    logger: silentLogger,
  });
  return prov.startRun({
    experimentName,
    provenanceSaveDir: tempDir(),
    logSourceCode: false,
    closeOnExit: false,
  });
}

describe.runIf(hasReferencePython())("files a run used, against a real server", () => {
  it("an evaluation lists its data file among the run's inputs with its SHA-256 and links the model; it uploads neither", async () => {
    const uri = sharedServerUri();
    const experimentName = `inputs-${Date.now()}`;
    const dir = tempDir();
    const model = join(dir, "net.bin");
    const data = join(dir, "holdout.csv");
    writeFileSync(model, "weights!");
    writeFileSync(data, "x,y\n1,2\n");
    const trained = await runOnce(experimentName, (run) =>
      run.logModel(model, "net", { logModelInfo: false }),
    );
    let sha256 = "";
    const evaluated = await runOnce(experimentName, async (run) => {
      await run.logModel(model, "net", { context: Context.TESTING, isInput: true, logModelInfo: false });
      sha256 = (await run.logArtifact(data, { context: Context.TESTING, isInput: true })).sha256;
    });

    // One Python process: mlflow's client is slow to import on a busy machine.
    const seen = python<{
      artifacts: string[];
      inputs: { name: string; digest: string; profile: string; tags: Record<string, string> }[];
      trainedOutputs: string[];
      evalInputs: string[];
    }>(
      `
import json, sys
from mlflow.tracking import MlflowClient
c = MlflowClient(sys.argv[1])
ev, tr = c.get_run(sys.argv[2]), c.get_run(sys.argv[3])
print(json.dumps({"artifacts": [f.path for f in c.list_artifacts(sys.argv[2])],
  "inputs": [{"name": d.dataset.name, "digest": d.dataset.digest, "profile": d.dataset.profile,
    "tags": {t.key: t.value for t in d.tags}} for d in ev.inputs.dataset_inputs],
  "trainedOutputs": [o.model_id for o in (tr.outputs.model_outputs if tr.outputs else [])],
  "evalInputs": [i.model_id for i in (ev.inputs.model_inputs or [])]}))
`,
      [uri, evaluated, trained],
    );
    expect(seen.artifacts).toEqual([]);
    expect(seen.inputs).toEqual([
      {
        name: "holdout.csv",
        digest: sha256.slice(0, 36),
        profile: JSON.stringify({ sha256, size_bytes: 8 }),
        tags: { "prov4ml.input_artifact": "true", "mlflow.data.context": "testing" },
      },
    ]);
    expect(seen.trainedOutputs).toHaveLength(1);
    expect(seen.evalInputs).toEqual(seen.trainedOutputs);
  });
});
