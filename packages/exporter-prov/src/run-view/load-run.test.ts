import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  MLS_NS,
  metricFilePath,
  numberValue,
  PROV4ML_NS,
  ProvDocument,
  provFileName,
  qualifiedNameValue,
  recordId,
  TERMS,
  TYPES,
} from "@prov4ml/core";
import { describe, expect, it } from "vitest";
import { parseProvJson } from "../prov-json/read.ts";
import { toProvJson } from "../prov-json/write.ts";
import { loadRun } from "./load-run.ts";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "../../test/fixtures");
const fixture = (name: string) => join(fixtures, name);
const FIXTURES = [
  "MetricsType.NETCDF_True_None_1.json",
  "MetricsType.ZARR_False_blosc_lz4_0.json",
  "prov_MetricsType.NETCDF_False_GR0_0.json",
  "prov_MetricsType.ZARR_False_GR0_2.json",
  "provgraph_3B.json",
  "provgraph_3DGAN.json",
  "provgraph_5epochs_short.json",
  "provgraph_IBM_outliers_15.json",
  "provgraph_lstm_text_classification.json",
  "provgraph_transformer_finetuning_small.json",
];

describe("loadRun on real yProv4ML documents", () => {
  it.each(FIXTURES)("loads %s and reports what it repaired", async (name) => {
    const run = await loadRun(fixture(name));
    expect(run.generation).toMatch(/^yprov4ml-v[12]$/);
    expect(run.experimentName).toBeTruthy();
    expect(run.metrics.length).toBeGreaterThan(0);
    expect(run.repairs.some((r) => r.includes("not an IRI"))).toBe(true);
  });

  it("v1: provgraph_5epochs_short — params, metric counts and values as in the file", async () => {
    const run = await loadRun(fixture("provgraph_5epochs_short.json"));
    expect(run.generation).toBe("yprov4ml-v1");
    expect(run.experimentName).toBe("experiment_name");
    expect(run.runId).toBe("5");
    expect(run.params).toMatchObject({
      loss_fn: "MSELoss",
      model_name: "mnist_model_final",
      total_params: "7850",
    });
    expect(run.status).toBe("FINISHED");
    expect(run.startTime).toBe("2025-03-07T10:15:02.971Z");
    const loss = run.metrics.find((m) => m.name === "Loss" && m.context === "Context.VALIDATION")!;
    expect(loss).toMatchObject({
      count: 10,
      first: 0.0710896253585815,
      last: 0.0678409114480018,
      truncated: false,
    });
    expect(loss.min).toBe(0.0598672926425933);
    expect(loss.max).toBe(0.0761648342013359);
    const points = await loss.load();
    expect(points.values).toHaveLength(10);
    expect([points.steps[0], points.steps[9]]).toEqual([0, 4]);
    expect([points.timestamps[0], points.timestamps[9]]).toEqual([1741342702737, 1741343503552]);
    expect(run.metrics.find((m) => m.name === "Loss" && m.context === "Context.TRAINING")?.count).toBe(145);
  });

  it("v1: provgraph_3B and lstm (np.float64 reprs) — counts, first and last values", async () => {
    const gan = await loadRun(fixture("provgraph_3B.json"));
    expect(gan.experimentName).toBe("3B_2N");
    expect(gan.params.model_name).toBe("MAE_3B");
    expect(gan.metrics.find((m) => m.name === "gpu_power")).toMatchObject({
      count: 15,
      first: 151,
      last: 162,
      max: 164,
    });
    const lstm = await loadRun(fixture("provgraph_lstm_text_classification.json"));
    expect(lstm.experimentName).toBe("lstm_text_classification");
    expect(lstm.params).toMatchObject({
      optimizer: "Adam",
      loss_fn: "CrossEntropyLoss",
      total_params: "4302594",
    });
    const temperature = lstm.metrics.find((m) => m.name === "gpu_temperature")!;
    expect(temperature).toMatchObject({ count: 125, first: 38, last: 39, min: 38, max: 39 });
    expect((await temperature.load()).timestamps.at(-1)).toBe(1741879787820);
  });

  it("v1: flags numpy-truncated series and leaves their count unknown", async () => {
    const run = await loadRun(fixture("MetricsType.NETCDF_True_None_1.json"));
    const train = run.metrics.find((m) => m.name === "MSE_train")!;
    expect(train).toMatchObject({ truncated: true, first: 0.15326564, last: 0.06905558 });
    expect(train.count).toBeUndefined();
    expect((await train.load()).values).toHaveLength(6);
    expect(run.metrics.find((m) => m.name === "MSE_test")).toMatchObject({
      truncated: false,
      count: 313,
      first: 0.05866272,
      last: 0.06346529,
    });
    expect(run.repairs.some((r) => /10 inline metric series were cut/.test(r))).toBe(true);
  });

  it("v2: context generation — run attributes, params, external metrics with unknown counts", async () => {
    const run = await loadRun(fixture("prov_MetricsType.NETCDF_False_GR0_0.json"));
    expect(run.generation).toBe("yprov4ml-v2");
    expect(run.experimentName).toBe("MetricsType.NETCDF_False_GR0_0");
    expect(run.runId).toBe("0");
    expect(run.params).toMatchObject({ optimizer: "Adam", loss_fn: "MSELoss" });
    const mse = run.metrics.filter((m) => m.name === "MSE");
    expect(mse.map((m) => m.context)).toEqual(["Context.TRAINING", "Context.VALIDATION"]);
    expect(mse[0]!.count).toBeUndefined();
    expect(mse[0]!.file).toBe("prov/MetricsType.NETCDF_False_0/metrics/MSE_Context.TRAINING_GR0.nc");
    await expect(mse[0]!.load()).rejects.toMatchObject({ code: "METRIC_FILE" });
    expect(run.datasets.find((d) => d.name === "train_dataset")?.stats).toEqual({
      total_samples: 5,
      batch_size: 16,
      num_workers: 0,
      shuffle: true,
      total_steps: 5,
    });
    expect(run.models.find((m) => m.name === "mnist_model_final")?.parameterCount).toBe(7850);
  });

  it("rejects a path without a run", async () => {
    await expect(loadRun(join(fixtures, "missing.json"))).rejects.toMatchObject({ code: "RUN_NOT_FOUND" });
  });
});

/** A run directory laid out as prov4ml writes it (vocabulary.ts, layout.ts), built by hand. */
async function writeProv4mlRun(status: string, csv: string) {
  const dir = await mkdtemp(join(tmpdir(), "prov4ml-run-"));
  const runName = "mnist_GR0_3";
  const doc = new ProvDocument({
    defaultNamespace: "http://example.org/me/",
    namespaces: { prov4ml: PROV4ML_NS, mls: MLS_NS },
  });
  doc.activity(runName, Date.UTC(2025, 0, 1), status === "RUNNING" ? undefined : Date.UTC(2025, 0, 1, 1), {
    "prov:type": qualifiedNameValue(TYPES.run),
    "prov:label": runName,
    [TERMS.experimentName]: "mnist",
    [TERMS.runId]: "6f1c7a52-0000-4000-8000-000000000000",
    [TERMS.status]: status,
    [TERMS.unavailableSource]: ["nvml: no NVIDIA driver"],
  });
  doc.entity(recordId(runName, "param", "lr"), {
    "prov:type": qualifiedNameValue(TYPES.param),
    "prov:label": "lr",
    "prov:value": numberValue(0.001),
  });
  doc.entity(recordId(runName, "param", "optimizer"), {
    "prov:type": qualifiedNameValue(TYPES.param),
    "prov:label": "optimizer",
    "prov:value": "adam",
  });
  const file = metricFilePath("loss/train", "training", "prov4ml", 0);
  doc.entity(recordId(runName, "metric", "training", "loss/train", "prov4ml"), {
    "prov:type": qualifiedNameValue(TYPES.metric),
    [TERMS.name]: "loss/train",
    [TERMS.context]: "training",
    [TERMS.source]: "prov4ml",
    [TERMS.count]: numberValue(3),
    [TERMS.first]: numberValue(0.9),
    [TERMS.last]: numberValue(Number.NaN),
    [TERMS.file]: file,
  });
  const artifact = recordId(runName, "artifact", "weights.pt");
  doc.entity(artifact, {
    "prov:type": qualifiedNameValue(TYPES.artifact),
    "prov:label": "weights.pt",
    [TERMS.storedPath]: "artifacts_GR0/weights.pt",
    [TERMS.sizeBytes]: numberValue(1234),
  });
  doc.wasGeneratedBy(artifact, runName);
  doc.entity(recordId(runName, "dataset", "mnist"), {
    "prov:type": qualifiedNameValue(TYPES.dataset),
    "prov:label": "mnist",
    [`${TERMS.statPrefix}samples`]: numberValue(60000),
  });
  await mkdir(join(dir, dirname(file)), { recursive: true });
  await writeFile(join(dir, file), csv);
  await writeFile(join(dir, provFileName(runName, ".json")), toProvJson(doc));
  return { dir, doc };
}

describe("loadRun on prov4ml run directories", () => {
  it("summarises the run and loads metric points from the CSV", async () => {
    const { dir } = await writeProv4mlRun(
      "FINISHED",
      "step,value,timestamp\n0,0.9,100\n1,0.5,200\n2,NaN,300\n",
    );
    const run = await loadRun(dir);
    expect(run).toMatchObject({
      generation: "prov4ml",
      experimentName: "mnist",
      runName: "mnist_GR0_3",
      runId: "6f1c7a52-0000-4000-8000-000000000000",
      status: "FINISHED",
      startTime: "2025-01-01T00:00:00.000Z",
      endTime: "2025-01-01T01:00:00.000Z",
      params: { lr: 0.001, optimizer: "adam" },
      repairs: [],
    });
    expect(run.attributes["prov4ml:unavailable_source"]).toBe("nvml: no NVIDIA driver");
    const [loss] = run.metrics;
    expect(loss).toMatchObject({
      name: "loss/train",
      context: "training",
      source: "prov4ml",
      count: 3,
      first: 0.9,
    });
    expect(loss!.last).toBeNaN();
    const points = await loss!.load();
    expect([...points.values]).toEqual([0.9, 0.5, Number.NaN]);
    expect([...points.steps]).toEqual([0, 1, 2]);
    expect(run.artifacts).toEqual([
      expect.objectContaining({
        name: "weights.pt",
        path: "artifacts_GR0/weights.pt",
        sizeBytes: 1234,
        role: "output",
      }),
    ]);
    expect(run.datasets[0]).toMatchObject({ name: "mnist", stats: { samples: 60000 } });
  });

  it("reports RUNNING for a provisional document and ignores a half-written CSV line", async () => {
    const { dir, doc } = await writeProv4mlRun("RUNNING", "step,value,timestamp\n0,0.9,100\n1,0.5,2");
    const run = await loadRun(dir);
    expect(run.status).toBe("RUNNING");
    expect(run.endTime).toBeUndefined();
    expect([...(await run.metrics[0]!.load()).values]).toEqual([0.9]);
    // A parsed document needs the base directory to find its metric files.
    const detached = await loadRun(parseProvJson(toProvJson(doc)).document);
    await expect(detached.metrics[0]!.load()).rejects.toMatchObject({ code: "METRIC_FILE" });
    const withBase = await loadRun(doc, { baseDir: dir });
    expect((await withBase.metrics[0]!.load()).values).toHaveLength(1);
  });
});
