import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NotALayersModelError } from "./errors.ts";
import { logTfjsModel } from "./log-model.ts";
import { classifier, startTestRun, tf } from "./test-helpers.ts";

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("logTfjsModel", () => {
  it("saves model.json + weights.bin into the run, loadable by tfjs, with layers recorded in PROV", async () => {
    const { run, memory } = await startTestRun();
    const model = classifier();
    const logged = await logTfjsModel(model, "spiral_mlp", { run });
    const result = await run.endRun();

    // Layer records against tfjs's own counts.
    expect(logged.description.totalParams).toBe(model.countParams());
    expect(logged.description.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    for (const [i, layer] of model.layers.entries()) {
      const record = logged.description.layers[i];
      expect(record?.className).toBe(layer.getClassName());
      expect(record?.outputShape).toEqual(layer.outputShape);
      expect((record?.trainableParams ?? 0) + (record?.nonTrainableParams ?? 0)).toBe(layer.countParams());
    }
    const norm = logged.description.layers.find((l) => l.name === "norm");
    expect(norm).toMatchObject({ trainableParams: 32, nonTrainableParams: 32, dtype: "float32" });
    expect(logged.description.trainableParams + logged.description.nonTrainableParams).toBe(
      model.countParams(),
    );
    expect(logged.description.trainingMemoryBytes).toBe(model.countParams() * 12);

    // The files are in the run, hashed, and tfjs loads them back with the same weights.
    const [modelJson, weightsBin] = logged.files;
    expect(modelJson?.sha256).toBe(sha256(modelJson?.sourcePath ?? ""));
    expect(weightsBin?.size).toBe(model.countParams() * 4);
    const reloaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        ...JSON.parse(readFileSync(modelJson?.sourcePath ?? "", "utf8")),
        weightData: new Uint8Array(readFileSync(weightsBin?.sourcePath ?? "")).buffer,
        weightSpecs: JSON.parse(readFileSync(modelJson?.sourcePath ?? "", "utf8")).weightsManifest[0].weights,
      }),
    );
    const input = tf.tensor2d([[0.1, -0.2]]);
    expect(Array.from((reloaded.predict(input) as tf.Tensor).dataSync())).toEqual(
      Array.from((model.predict(input) as tf.Tensor).dataSync()),
    );

    // The PROV document: the model entity with tfjs's parameter count, the description and summaries.
    const doc = JSON.parse(readFileSync(result.provJsonPath ?? "", "utf8"));
    const entities = Object.values(doc.entity as Record<string, Record<string, unknown>>);
    const byLabel = (label: string) => entities.find((e) => e["prov:label"] === label);
    expect(JSON.stringify(byLabel("spiral_mlp"))).toContain(String(model.countParams()));
    expect(byLabel("spiral_mlp_layers_description.json")).toBeDefined();
    expect(JSON.stringify(entities)).toContain("spiral_mlp_total_memory_load_of_model");
    const stored = JSON.parse(readFileSync(logged.layersDescription.storedPath ?? "", "utf8"));
    expect(stored.layers).toHaveLength(model.layers.length);
    // The inspector registered on the run gave per-layer model info.
    const event = memory.runs.get(run.runName)?.events.find((e) => e.type === "model");
    expect(event?.type === "model" && event.info?.layers?.map((l) => l.name)).toEqual(
      model.layers.map((l) => l.name),
    );
  });

  it("refuses what is not a LayersModel, before logging anything", async () => {
    const { run, memory } = await startTestRun();
    const before = memory.runs.get(run.runName)?.events.length;
    await expect(logTfjsModel({ weights: [] }, "m", { run })).rejects.toBeInstanceOf(NotALayersModelError);
    await expect(logTfjsModel(tf.tensor1d([1]), "m", { run })).rejects.toThrow(/LayersModel/);
    await run.flush();
    expect(memory.runs.get(run.runName)?.events.length).toBe(before);
    await run.endRun();
  });
});
