/**
 * Integration test (needs a real MLflow server, started by tooling/vitest/mlflow-global-setup.mjs or given by
 * PROV4ML_TEST_MLFLOW_URI): real onnxruntime-node inference tracked with trackSession, delivered
 * through the MLflow backend; per-step metrics keyed per context, the model file and params.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fsBackend } from "@prov4ml/backend-fs";
import { mlflowBackend } from "@prov4ml/backend-mlflow";
import { createProv4ml } from "@prov4ml/core";
import { provJsonExporter } from "@prov4ml/exporter-prov";
import { mlflowUri, onlyRun } from "@prov4ml/vitest-config/mlflow-query";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { expect, it } from "vitest";
import { trackSession } from "../src/track-session.ts";

const MODEL = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "tiny_mlp.onnx");
const metadata = JSON.parse(readFileSync(join(dirname(MODEL), "tiny_mlp.json"), "utf8"));

it("tracked inference lands in MLflow: testing/ metrics per step, params, the model as an input", async () => {
  const experimentName = `onnx_mlflow_${randomUUID().slice(0, 8)}`;
  const prov = createProv4ml({
    plugins: [fsBackend(), mlflowBackend({ trackingUri: mlflowUri() }), provJsonExporter()],
  });
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-onnx-mlflow-"));
  const run = await prov.startRun({ experimentName, provenanceSaveDir: join(dir, "prov") });
  const session = await InferenceSession.create(MODEL);
  const tracked = await trackSession(session, { modelPath: MODEL, run });
  for (const batch of [2, 8, 32, 5]) {
    await tracked.run({ input: new Tensor("float32", new Float32Array(batch * 2).fill(0.5), [batch, 2]) });
  }
  await tracked.finish();
  await run.endRun();

  const view = await onlyRun(experimentName);
  expect(view.metricKeys).toEqual(["testing/batch_size", "testing/inference_latency_ms"]);
  expect(await view.history("testing/batch_size")).toEqual([
    { step: 0, value: 2 },
    { step: 1, value: 8 },
    { step: 2, value: 32 },
    { step: 3, value: 5 },
  ]);
  const latency = await view.history("testing/inference_latency_ms");
  expect(latency.map((p) => p.step)).toEqual([0, 1, 2, 3]);
  expect(latency.map((p) => p.value)).toEqual(tracked.steps.map((s) => expect.closeTo(s.latencyMs, 6)));
  expect(view.params).toMatchObject({
    tiny_mlp_parameter_count: String(metadata.parameter_count),
    tiny_mlp_opset: String(metadata.opset),
  });
  // The model is the run's input: named (no LoggedModel of it in this experiment to link), never
  // uploaded as if the inference run had made it.
  expect(view.tags["prov4ml.input_model"]).toBe("tiny_mlp");
  expect(await view.artifacts("tiny_mlp")).toEqual([]);
  expect(JSON.stringify(await view.artifacts())).toContain("tiny_mlp_inference_steps.jsonl");
});
