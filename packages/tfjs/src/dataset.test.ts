import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fsBackend } from "@prov4ml/backend-fs";
import { createProv4ml, UnrecognizedDatasetError } from "@prov4ml/core";
import { provJsonExporter } from "@prov4ml/exporter-prov";
import * as prov4ml from "prov4ml";
import { describe, expect, it } from "vitest";
import { tfjsDatasetInspector } from "./dataset-inspector.ts";
import { elementSpecOf } from "./element-spec.ts";
import { NotADatasetError } from "./errors.ts";
import { logTfjsDataset } from "./log-dataset.ts";
import { spirals, tf } from "./test-helpers.ts";

/** The stats of the dataset entity labelled `label` in a written PROV-JSON document. */
function datasetStats(provJsonPath: string | undefined, label: string): Record<string, unknown> {
  const doc = JSON.parse(readFileSync(provJsonPath ?? "", "utf8"));
  const entity = Object.values(doc.entity as Record<string, Record<string, unknown>>).find(
    (e) => e["prov:label"] === label && JSON.stringify(e["prov:type"]).includes("Dataset"),
  );
  if (!entity) throw new Error(`no dataset entity "${label}" in ${provJsonPath}`);
  const stats: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(entity)) {
    if (!key.startsWith("prov4ml:stat_")) continue;
    const value = typeof raw === "object" && raw !== null && "$" in raw ? (raw as { $: unknown }).$ : raw;
    stats[key.slice("prov4ml:stat_".length)] = /^-?\d+$/.test(String(value)) ? Number(value) : value;
  }
  return stats;
}

const tempDir = () => mkdtempSync(join(tmpdir(), "prov4ml-tfjs-data-"));

/** 20 points of two spirals, as the element tensors a training pipeline would zip and batch. */
function spiralDataset() {
  const { xs, ys } = spirals(10);
  const dataset = tf.data.zip({ xs: tf.data.array(tf.unstack(xs)), ys: tf.data.array(tf.unstack(ys)) });
  tf.dispose([xs, ys]);
  return dataset;
}

describe("logDataset with tfjsDatasetInspector", () => {
  it("records a zipped, batched tf.data.Dataset's size and element spec through the facade", async () => {
    const dataset = spiralDataset().batch(5);
    const tensorsBefore = tf.memory().numTensors;
    await prov4ml.startRun({
      experimentName: "tfjs_data_facade",
      provenanceSaveDir: tempDir(),
      plugins: [fsBackend(), provJsonExporter()],
      extraPlugins: [tfjsDatasetInspector()],
    });
    const logged = prov4ml.logDataset("spirals", dataset); // not awaited: endRun waits for it
    const result = await prov4ml.endRun();
    expect((await logged).stats).toMatchObject({ size: 4 });
    expect(datasetStats(result.provJsonPath, "spirals")).toEqual({
      format: "tfjs-data",
      size: 4, // a batched dataset counts batches, as tfjs reports them
      spec_xs: "float32[5,2]",
      spec_ys: "float32[5,2]",
    });
    // The element read for the spec was disposed, and the dataset is still whole.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(await dataset.toArray().then((batches) => batches.length)).toBe(4);
  });

  it("records on an explicit Run: unknown and infinite sizes, plain arrays, a shuffled pipeline left unread", async () => {
    const prov = createProv4ml({ plugins: [fsBackend(), provJsonExporter(), tfjsDatasetInspector()] });
    const run = await prov.startRun({ experimentName: "tfjs_data_run", provenanceSaveDir: tempDir() });
    const shuffled = spiralDataset().shuffle(8).batch(4);
    const tensorsBefore = tf.memory().numTensors;
    const generated = tf.data.generator(function* () {
      yield { image: tf.zeros([28, 28, 1], "int32"), label: 3 };
    });
    await run.logDataset("generated", generated);
    await run.logDataset("endless", tf.data.array([[1, 2, 3]]).repeat());
    await run.logDataset("tuples", tf.data.zip([tf.data.array([[0.5, 1]]), tf.data.array(["a"])]));
    await run.logDataset("shuffled", shuffled);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const { provJsonPath } = await run.endRun();

    expect(datasetStats(provJsonPath, "generated")).toEqual({
      format: "tfjs-data",
      size: "unknown",
      spec_image: "int32[28,28,1]",
      spec_label: "number[]",
    });
    expect(datasetStats(provJsonPath, "endless")).toMatchObject({
      size: "infinite",
      spec_element: "number[3]",
    });
    expect(datasetStats(provJsonPath, "tuples")).toMatchObject({ spec_0: "number[2]", spec_1: "string[]" });
    expect(datasetStats(provJsonPath, "shuffled")).toEqual({
      format: "tfjs-data",
      size: 5,
      element_spec: "not read: the pipeline has a shuffle or prefetch buffer",
    });
  });

  it("without the inspector, a tf.data.Dataset is refused with a typed error instead of recorded empty", async () => {
    const prov = createProv4ml({ plugins: [fsBackend(), provJsonExporter()] });
    const run = await prov.startRun({ experimentName: "tfjs_data_none", provenanceSaveDir: tempDir() });
    expect(() => run.logDataset("spirals", tf.data.array([1, 2]))).toThrow(UnrecognizedDatasetError);
    expect(() => run.logDataset("spirals", tf.data.array([1, 2]))).toThrow(/tfjsDatasetInspector/);
    // Arrays and descriptions still need no inspector.
    await run.logDataset("plain", [1, 2, 3]);
    const { provJsonPath } = await run.endRun();
    expect(datasetStats(provJsonPath, "plain")).toEqual({ total_samples: 3 });
  });

  it("records a dataset whose first element cannot be produced with the reason, and caps a wide element's spec", async () => {
    const prov = createProv4ml({ plugins: [fsBackend(), tfjsDatasetInspector()] });
    const run = await prov.startRun({ experimentName: "tfjs_data_broken", provenanceSaveDir: tempDir() });
    const broken = tf.data.array([1, 2]).map(() => {
      throw new Error("no such file: images/0001.png");
    });
    expect((await run.logDataset("broken", broken)).stats).toEqual({
      format: "tfjs-data",
      size: 2,
      element_spec: "not read: no such file: images/0001.png",
    });
    expect((await run.logDataset("empty", tf.data.array([]))).stats).toMatchObject({
      size: 0,
      element_spec: "none: the dataset is empty",
    });
    const wide = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`f${i}`, i]));
    const wideStats = (await run.logDataset("wide", tf.data.array([wide]))).stats;
    expect(Object.keys(wideStats).filter((key) => /^spec_f\d+$/.test(key))).toHaveLength(64);
    expect(wideStats).toMatchObject({ spec_f0: "number[]", element_leaves: 70 });
    await run.endRun();
  });

  it("elementSpec: false records the size without reading an element", async () => {
    const prov = createProv4ml({ plugins: [fsBackend(), tfjsDatasetInspector({ elementSpec: false })] });
    const run = await prov.startRun({ experimentName: "tfjs_data_nospec", provenanceSaveDir: tempDir() });
    let reads = 0;
    const counted = tf.data.array([1, 2, 3]).map((x) => {
      reads++;
      return x;
    });
    expect((await run.logDataset("counted", counted)).stats).toEqual({ format: "tfjs-data", size: 3 });
    expect(reads).toBe(0);
    await run.endRun();
  });
});

describe("logTfjsDataset", () => {
  it("records the same stats as the inspector on a run without it, and refuses what is no dataset", async () => {
    const dataset = spiralDataset().batch(5);
    await prov4ml.startRun({
      experimentName: "tfjs_data_alias",
      provenanceSaveDir: tempDir(),
      plugins: [fsBackend(), provJsonExporter()],
    });
    await logTfjsDataset("spirals", dataset, { source: "memory://spirals" });
    await expect(logTfjsDataset("bad", [1, 2, 3])).rejects.toBeInstanceOf(NotADatasetError);
    const result = await prov4ml.endRun();
    expect(datasetStats(result.provJsonPath, "spirals")).toEqual({
      format: "tfjs-data",
      size: 4,
      spec_xs: "float32[5,2]",
      spec_ys: "float32[5,2]",
    });
  });
});

describe("elementSpecOf", () => {
  it("names each leaf with its dtype and shape, nested arrays and typed arrays included", () => {
    const tensor = tf.ones([2, 3]);
    expect(
      elementSpecOf({
        inputs: { image: tensor, mask: new Uint8Array(4) },
        ragged: [[1, 2], [3]],
        grid: [
          [1, 2],
          [3, 4],
        ],
        flag: true,
      }),
    ).toEqual([
      { path: "inputs.image", dtype: "float32", shape: [2, 3] },
      { path: "inputs.mask", dtype: "uint8", shape: [4] },
      { path: "ragged", dtype: "number", shape: [2, null] },
      { path: "grid", dtype: "number", shape: [2, 2] },
      { path: "flag", dtype: "bool", shape: [] },
    ]);
    expect(tensor.isDisposed).toBe(true);
    expect(elementSpecOf(7)).toEqual([{ path: "element", dtype: "number", shape: [] }]);
  });
});
