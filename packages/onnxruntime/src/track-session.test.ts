import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fsBackend } from "@prov4ml/backend-fs";
import { Context, createProv4ml } from "@prov4ml/core";
import { provJsonExporter } from "@prov4ml/exporter-prov";
import { inMemoryBackend } from "@prov4ml/testing";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { NotAnInferenceSessionError, OnnxModelError, OnnxModelPathRequiredError } from "./errors.ts";
import { onnxModelInspector } from "./onnx-inspector.ts";
import { readOnnxModel } from "./onnx-model.ts";
import { trackSession } from "./track-session.ts";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const MODEL = join(fixtures, "tiny_mlp.onnx");
const metadata = JSON.parse(readFileSync(join(fixtures, "tiny_mlp.json"), "utf8"));

async function startRun() {
  const memory = inMemoryBackend();
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-onnx-test-"));
  const prov = createProv4ml({ plugins: [fsBackend(), memory, provJsonExporter(), onnxModelInspector()] });
  const run = await prov.startRun({ experimentName: "onnx_test", provenanceSaveDir: join(dir, "prov") });
  return { run, memory, dir };
}

describe("the .onnx reader", () => {
  it("counts the parameters the Python onnx package counts, and reads the header", async () => {
    const summary = await readOnnxModel(MODEL);
    expect(summary.parameterCount).toBe(metadata.parameter_count);
    expect(summary.opset).toBe(metadata.opset);
    expect(summary.irVersion).toBe(metadata.ir_version);
    expect(summary.producerName).toBe(metadata.producer_name);
    expect(Object.fromEntries(summary.initializers.map((i) => [i.name, i.dims]))).toEqual(
      metadata.initializers,
    );
    expect(summary.parameterBytes).toBe(metadata.parameter_count * 4);
  });

  it("refuses a truncated or garbage file with a typed error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prov4ml-onnx-bad-"));
    const truncated = join(dir, "truncated.onnx");
    writeFileSync(truncated, readFileSync(MODEL).subarray(0, 200));
    await expect(readOnnxModel(truncated)).rejects.toBeInstanceOf(OnnxModelError);
    const garbage = join(dir, "garbage.onnx");
    writeFileSync(garbage, "this is not protobuf at all");
    await expect(readOnnxModel(garbage)).rejects.toThrow(/not a readable ONNX model/);
    await expect(readOnnxModel(join(dir, "missing.onnx"))).rejects.toThrow(/no such file/);
  });
});

describe("trackSession with real onnxruntime-node inference", () => {
  it("records the model as an input with its SHA-256 and every run() as a step", async () => {
    const { run, memory } = await startRun();
    const session = await InferenceSession.create(MODEL);
    const tracked = await trackSession(session, { modelPath: MODEL, name: "tiny_mlp", run });
    const results = [];
    for (const batch of [1, 4, 16]) {
      const input = new Tensor(
        "float32",
        Float32Array.from({ length: batch * 2 }, (_, i) => i / 10),
        [batch, 2],
      );
      const out = await tracked.run({ input });
      results.push(out);
      expect(out.probabilities?.dims).toEqual([batch, 3]);
    }
    await tracked.finish();
    const result = await run.endRun();

    expect(tracked.model.sha256).toBe(createHash("sha256").update(readFileSync(MODEL)).digest("hex"));
    expect(tracked.model.isInput).toBe(true);
    expect(tracked.steps.map((s) => s.batchSize)).toEqual([1, 4, 16]);
    expect(tracked.steps[2]?.outputShapes).toEqual({ probabilities: [16, 3] });
    expect(tracked.steps[1]?.inputShapes).toEqual({ input: [4, 2] });
    // The caller's results are the session's objects: the step keeps only their dims.
    expect(tracked.steps[2]?.outputShapes.probabilities).toBe(results[2]?.probabilities?.dims);

    const latency = memory.seriesOf(run.runName, "inference_latency_ms", Context.TESTING);
    expect(latency?.steps).toEqual([0, 1, 2]);
    for (const ms of latency?.values ?? []) expect(ms).toBeGreaterThan(0);
    expect(memory.seriesOf(run.runName, "batch_size", Context.TESTING)?.values).toEqual([1, 4, 16]);

    const params = Object.fromEntries(
      memory.runs.get(run.runName)?.events.flatMap((e) => (e.type === "param" ? [[e.key, e.value]] : [])) ??
        [],
    );
    expect(params).toMatchObject({
      tiny_mlp_parameter_count: String(metadata.parameter_count),
      tiny_mlp_opset: "17",
      tiny_mlp_producer: "prov4ml-fixture 1.0",
      tiny_mlp_inputs: "input:float32[batch,2]",
      tiny_mlp_outputs: "probabilities:float32[batch,3]",
      tiny_mlp_execution_providers: "cpu",
    });

    // The model itself is recorded as what the testing context used, with the inspector's figures.
    const modelEvents = memory.runs.get(run.runName)?.events.filter((e) => e.type === "model") ?? [];
    expect(modelEvents).toMatchObject([
      { name: "tiny_mlp", context: Context.TESTING, isInput: true, info: { format: "onnx" } },
    ]);

    // PROV: the testing context used the model file.
    const doc = JSON.parse(readFileSync(result.provJsonPath ?? "", "utf8"));
    const [entityId] =
      Object.entries(doc.entity).find(([, e]) => JSON.stringify(e).includes(tracked.model.sha256 ?? "-")) ??
      [];
    expect(entityId).toBeDefined();
    expect(JSON.stringify(doc.used ?? {})).toContain(entityId);
  });

  it("logModel on an .onnx path reports parameters through the inspector", async () => {
    const { run } = await startRun();
    const event = await run.logModel(MODEL, "tiny_mlp");
    await run.endRun();
    expect(event.info).toMatchObject({ format: "onnx", parameterCount: metadata.parameter_count });
    expect(event.info?.layers?.map((l) => l.name)).toEqual(Object.keys(metadata.initializers));
  });

  it("bad input: no model path, not a session, a corrupt file — typed errors, nothing logged", async () => {
    const { run, memory } = await startRun();
    const session = await InferenceSession.create(MODEL);
    await expect(trackSession(session, {} as never)).rejects.toBeInstanceOf(OnnxModelPathRequiredError);
    await expect(trackSession({} as never, { modelPath: MODEL, run })).rejects.toBeInstanceOf(
      NotAnInferenceSessionError,
    );
    const bad = join(mkdtempSync(join(tmpdir(), "prov4ml-onnx-bad-")), "bad.onnx");
    writeFileSync(bad, readFileSync(MODEL).subarray(0, 100));
    await expect(trackSession(session, { modelPath: bad, run })).rejects.toBeInstanceOf(OnnxModelError);
    await run.flush();
    expect(memory.runs.get(run.runName)?.events.filter((e) => e.type !== "context")).toEqual([]);
    await run.endRun();
  });
});
