import { readFileSync } from "node:fs";
import { carbonCollector } from "@prov4ml/collector-carbon";
import { systemCollector } from "@prov4ml/collector-system";
import { Context } from "@prov4ml/core";
import { describe, expect, it } from "vitest";
import { metricTarget, prov4mlCallback } from "./callback.ts";
import { NoRunForTfjsError } from "./errors.ts";
import { classifier, spirals, startTestRun, tf } from "./test-helpers.ts";

describe("prov4mlCallback with a real tfjs fit", () => {
  it("logs every history point per context, the epoch times and the training params", async () => {
    const { run, memory } = await startTestRun();
    const model = classifier();
    const { xs, ys } = spirals(40);
    const history = await model.fit(xs, ys, {
      epochs: 4,
      batchSize: 16,
      validationSplit: 0.25,
      shuffle: false,
      verbose: 0,
      callbacks: [prov4mlCallback({ run, params: { validation_split: 0.25 }, batchEvery: 2 })],
    });
    const result = await run.endRun();
    const recorded = memory.runs.get(run.runName);
    expect(recorded).toBeDefined();

    // Every key tfjs put in history is a series with one point per epoch, same values.
    expect(Object.keys(history.history).sort()).toEqual(["acc", "loss", "val_acc", "val_loss"]);
    for (const [key, values] of Object.entries(history.history)) {
      const { name, context } = metricTarget(key);
      const series = memory.seriesOf(run.runName, name, context);
      expect(series?.steps, key).toEqual([0, 1, 2, 3]);
      for (const [i, value] of (values as number[]).entries())
        expect(series?.values[i]).toBeCloseTo(value, 6);
    }
    const epochTimes = memory.seriesOf(run.runName, "epoch_time", Context.TRAINING);
    expect(epochTimes?.steps).toEqual([0, 1, 2, 3]);
    for (const seconds of epochTimes?.values ?? []) expect(seconds).toBeGreaterThan(0);

    // 60 training samples / 16 = 4 batches per epoch, 16 in all; every 2nd is logged.
    const batchLoss = memory.seriesOf(run.runName, "batch_loss", Context.TRAINING);
    expect(batchLoss?.steps).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);

    const params = Object.fromEntries(
      recorded?.events.flatMap((e) => (e.type === "param" ? [[e.key, e.value]] : [])) ?? [],
    );
    expect(params).toMatchObject({
      optimizer: "Adam",
      learning_rate: "0.01",
      loss: "categoricalCrossentropy",
      epochs: "4",
      batch_size: "16",
      train_samples: "60",
      do_validation: "true",
      validation_split: "0.25",
      layer_count: String(model.layers.length),
      total_params: String(model.countParams()),
    });
    expect(params.metrics).toContain("acc");

    // The PROV document holds the series and params too.
    const doc = JSON.parse(readFileSync(result.provJsonPath ?? "", "utf8"));
    const labels = Object.values(doc.entity as Record<string, Record<string, unknown>>).map(
      (e) => e["prov:label"],
    );
    expect(labels).toContain("loss");
    expect(labels).toContain("learning_rate");
    tf.dispose([xs, ys]);
  });

  it("works with fitDataset and samples system metrics when asked (real system collector)", async () => {
    const { run, memory } = await startTestRun([systemCollector()]);
    const model = classifier();
    const { xs, ys } = spirals(20);
    const dataset = tf.data
      .zip({ xs: tf.data.array(xs.arraySync()), ys: tf.data.array(ys.arraySync()) })
      .batch(10);
    const history = await model.fitDataset(dataset as never, {
      epochs: 3,
      verbose: 0,
      callbacks: [prov4mlCallback({ run, systemMetrics: true })],
    });
    await run.endRun();
    const loss = memory.seriesOf(run.runName, "loss", Context.TRAINING);
    expect(loss?.values.length).toBe(3);
    for (const [i, value] of (history.history.loss as number[]).entries())
      expect(loss?.values[i]).toBeCloseTo(value, 6);
    expect(memory.seriesOf(run.runName, "memory_usage", Context.TRAINING, "system")?.steps).toEqual([
      0, 1, 2,
    ]);
    tf.dispose([xs, ys]);
  });

  it("takes a carbon reading at each epoch end when carbonMetrics is on (real carbon collector)", async () => {
    // Fixed powers and grid: the figures do not depend on this machine's RAPL or GPU.
    const carbon = carbonCollector({
      country: "FRA",
      tdpW: 100,
      ramPowerW: 5,
      gpu: false,
      rapl: false,
      loadSampleIntervalMs: 0,
      env: {},
    });
    const { run, memory } = await startTestRun([carbon]);
    const model = classifier();
    const { xs, ys } = spirals(10);
    await model.fit(xs, ys, {
      epochs: 3,
      verbose: 0,
      callbacks: [prov4mlCallback({ run, carbonMetrics: true })],
    });
    await run.endRun();
    for (const name of ["energy_consumed", "emissions"]) {
      const series = memory.seriesOf(run.runName, name, Context.TRAINING, "carbon");
      expect(series?.steps, name).toEqual([0, 1, 2]);
      for (const value of series?.values ?? []) expect(value, name).toBeGreaterThanOrEqual(0);
    }
    tf.dispose([xs, ys]);
  });

  it("without a run nor an active facade run, fit fails with a typed error and logs nothing", async () => {
    const model = classifier();
    const { xs, ys } = spirals(4);
    await expect(
      model.fit(xs, ys, { epochs: 1, verbose: 0, callbacks: [prov4mlCallback()] }),
    ).rejects.toBeInstanceOf(NoRunForTfjsError);
    expect(() => prov4mlCallback({ batchEvery: 0 })).toThrow(/batchEvery/);
    tf.dispose([xs, ys]);
  });
});
