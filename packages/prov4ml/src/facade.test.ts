import { mkdtempSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadRun, parseProvJson } from "@prov4ml/exporter-prov";
import { afterEach, describe, expect, it } from "vitest";
import * as prov4ml from "./index.ts";

const saveDir = () => mkdtempSync(join(tmpdir(), "prov4ml-facade-"));

afterEach(async () => {
  const run = prov4ml.getCurrentRun();
  if (run) await prov4ml.endRun();
});

describe("the seed-style facade", () => {
  it("runs the seed's example end to end and writes a readable PROV-JSON document", async () => {
    const dir = saveDir();
    const run = await prov4ml.startRun({
      provUserNamespace: "www.example.org",
      experimentName: "mnist_mlp",
      provenanceSaveDir: dir,
      mlflowSaveDir: join(dir, "mlflow"),
      closeOnExit: false,
    });
    prov4ml.logParam("learning_rate", 0.001);
    for (let epoch = 0; epoch < 10; epoch++) {
      prov4ml.logMetric("loss", 1 / (epoch + 1), prov4ml.Context.TRAINING, { step: epoch });
      prov4ml.logMetric("accuracy", epoch / 10, prov4ml.Context.VALIDATION, epoch);
      prov4ml.logCurrentExecutionTime("epoch", prov4ml.Context.TRAINING, { step: epoch });
    }
    await prov4ml.logModel({ w: new Float32Array(100), b: new Float32Array(10) }, "mnist_mlp");
    const result = await prov4ml.endRun();

    expect(result.runDir).toBe(join(dir, "mnist_mlp_0"));
    expect(result.provJsonPath).toBe(join(dir, "mnist_mlp_0", "prov_mnist_mlp_GR0_0.json"));
    expect(run.status).toBe("FINISHED");
    const { document } = parseProvJson(await readFile(result.provJsonPath!, "utf8"));
    expect(document.defaultNamespace).toBe("http://www.example.org/");
    const view = await loadRun(result.runDir);
    expect(view.experimentName).toBe("mnist_mlp");
    expect(view.status).toBe("FINISHED");
    expect(view.params.learning_rate).toBe(0.001);
    const loss = view.metrics.find((metric) => metric.name === "loss" && metric.context === "training")!;
    expect(loss.count).toBe(10);
    expect(Array.from((await loss.load()).values)).toEqual(
      Array.from({ length: 10 }, (_, epoch) => 1 / (epoch + 1)),
    );
    const epochTimes = view.metrics.find((metric) => metric.name === "epoch")!;
    const times = Array.from((await epochTimes.load()).values);
    expect(times).toHaveLength(10);
    expect([...times].sort((a, b) => a - b)).toEqual(times); // monotonic clock: never decreases
    expect(view.models[0]).toMatchObject({ name: "mnist_mlp" });
    // The local MLflow store gets the run's report among its artifacts, as a server does.
    const {
      mlflow_store: store,
      mlflow_experiment_id: experiment,
      mlflow_run_id: mlflowRun,
    } = result.backendInfo;
    const report = join(
      String(store),
      String(experiment),
      String(mlflowRun),
      "artifacts",
      "prov4ml_report.html",
    );
    expect(await readFile(report, "utf8")).toContain("mnist_mlp_GR0_0");
  });

  it("says clearly when no run is active, when one is already active, and on a second endRun", async () => {
    expect(() => prov4ml.logMetric("loss", 1)).toThrow(prov4ml.NoActiveRunError);
    expect(() => prov4ml.logMetric("loss", 1)).toThrow(/startRun/);
    await prov4ml.startRun({ experimentName: "once", provenanceSaveDir: saveDir(), closeOnExit: false });
    await expect(prov4ml.startRun({ experimentName: "twice", provenanceSaveDir: saveDir() })).rejects.toThrow(
      prov4ml.RunAlreadyActiveError,
    );
    await prov4ml.endRun();
    await expect(prov4ml.endRun()).rejects.toThrow(prov4ml.RunEndedError);
  });

  it("writes DOT and SVG beside the PROV-JSON when asked", async () => {
    await prov4ml.startRun({ experimentName: "graph", provenanceSaveDir: saveDir(), closeOnExit: false });
    prov4ml.logMetric("loss", 0.5);
    const result = await prov4ml.endRun({ createGraph: true, createSvg: true });
    expect(Object.keys(result.files).sort()).toEqual(["dot", "prov-json", "svg"]);
    expect(await readFile(result.files.dot!, "utf8")).toMatch(/^(strict )?digraph/);
    expect(await readFile(result.files.svg!, "utf8")).toContain("<svg");
  });

  it("gives a cpu_usage row for each of 10 logSystemMetrics calls in a row", async () => {
    await prov4ml.startRun({ experimentName: "rows", provenanceSaveDir: saveDir(), closeOnExit: false });
    for (let step = 0; step < 10; step++) await prov4ml.logSystemMetrics(prov4ml.Context.TRAINING, { step });
    const result = await prov4ml.endRun();
    const cpu = (await loadRun(result.runDir)).metrics.find((metric) => metric.name === "cpu_usage")!;
    expect(Array.from((await cpu.load()).steps)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("samples the default system and carbon collectors, and returns the carbon totals", async () => {
    await prov4ml.startRun({
      experimentName: "machine",
      provenanceSaveDir: saveDir(),
      closeOnExit: false,
      country: "FRA",
    });
    await prov4ml.logSystemMetrics(prov4ml.Context.TRAINING, { step: 0 });
    let spin = 0;
    for (let i = 0; i < 2e6; i++) spin += Math.sqrt(i);
    await prov4ml.logSystemMetrics(prov4ml.Context.TRAINING, { step: 1 });
    await prov4ml.logCarbonMetrics(prov4ml.Context.TRAINING, { step: 0 });
    const result = await prov4ml.endRun();
    expect(spin).toBeGreaterThan(0);
    const view = await loadRun(result.runDir);
    const names = new Set(view.metrics.map((metric) => metric.name));
    for (const name of [
      "memory_usage",
      "disk_usage",
      "emissions",
      "energy_consumed",
      "cpu_power",
      "ram_energy",
    ]) {
      expect(names).toContain(name);
    }
    expect(view.metrics.find((metric) => metric.name === "memory_usage")?.count).toBe(2);
    expect(result.totals.energy_consumed).toBeGreaterThan(0);
    expect(result.totals.emissions).toBeGreaterThan(0);
    expect(view.attributes["prov4ml:carbon_country"]).toBe("FRA");
  });
});
