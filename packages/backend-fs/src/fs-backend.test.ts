import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { metricFilePath } from "@prov4ml/core";
import { describeBackendConformance, makeChunk, makeRunInfo } from "@prov4ml/testing";
import { describe, expect, it } from "vitest";
import { eventJournalPath, readEventJournal } from "./event-journal.ts";
import { fsBackend } from "./fs-backend.ts";
import { readMetricCsv } from "./read-metric-csv.ts";

describeBackendConformance("fs", {
  create: () => fsBackend(),
  async readBack(_plugin, info) {
    const metrics = new Map<string, { steps: number[]; values: number[] }>();
    const dir = join(info.runDir, `metrics_GR${info.rank}`);
    for (const file of await readdir(dir).catch(() => [] as string[])) {
      const series = await readMetricCsv(join(dir, file));
      // names in these tests have no "_", so the file name splits cleanly
      const [name, context, source] = file.replace(/_GR\d+\.csv$/, "").split("_");
      metrics.set(`${context}/${name}/${source}`, { steps: series.steps, values: series.values });
    }
    const params: Record<string, string> = {};
    for (const event of await readEventJournal(join(info.runDir, eventJournalPath(info.rank)))) {
      if (event.type === "param") params[event.key] = event.value;
    }
    return { metrics, params };
  },
});

describe("fsBackend files", () => {
  it("writes yProv4ML-style metric CSVs with a header and step,value,timestamp rows", async () => {
    const info = makeRunInfo({ experimentName: "csv" });
    const session = await fsBackend().openRun(info);
    await session.write({
      events: [],
      metrics: [
        makeChunk(
          { name: "loss", context: "training", source: "prov4ml" },
          0,
          [1.5, Number.NaN],
          [0, 1],
          [10, 20],
        ),
      ],
    });
    await session.forceFlush();
    const text = await readFile(join(info.runDir, metricFilePath("loss", "training", "prov4ml", 0)), "utf8");
    expect(text).toBe("step,value,timestamp\n0,1.5,10\n1,NaN,20\n");
    expect(metricFilePath("loss", "training", "prov4ml", 0)).toBe(
      "metrics_GR0/loss_training_prov4ml_GR0.csv",
    );
  });

  it("writes documents atomically and reports their paths", async () => {
    const info = makeRunInfo({ experimentName: "docs" });
    const session = await fsBackend().openRun(info);
    await session.checkpoint?.({
      document: undefined as never,
      files: [
        { format: "prov-json", fileName: "prov_x.json", mediaType: "application/json", content: '{"v":1}' },
      ],
    });
    expect(await readFile(join(info.runDir, "prov_x.json"), "utf8")).toBe('{"v":1}');
    const result = await session.close({
      status: "FINISHED",
      endTime: Date.now(),
      document: undefined as never,
      files: [
        { format: "prov-json", fileName: "prov_x.json", mediaType: "application/json", content: '{"v":2}' },
        { format: "dot", fileName: "prov_x.dot", mediaType: "text/vnd.graphviz", content: "digraph {}" },
      ],
      timeoutMs: 1000,
    });
    expect(result?.files).toEqual({
      "prov-json": join(info.runDir, "prov_x.json"),
      dot: join(info.runDir, "prov_x.dot"),
    });
    expect(await readFile(join(info.runDir, "prov_x.json"), "utf8")).toBe('{"v":2}');
    expect((await readdir(info.runDir)).filter((name) => name.includes(".tmp-"))).toEqual([]);
  });

  it("ignores a final line cut short by a crash", async () => {
    const info = makeRunInfo({ experimentName: "crash" });
    const path = join(info.runDir, "cut.csv");
    await writeFile(path, "step,value,timestamp\n0,1,10\n1,2,2");
    const series = await readMetricCsv(path);
    expect(series.values).toEqual([1]);
    expect(series.truncated).toBe(true);
  });

  it("fails with a StorageError naming the directory when it cannot write", async () => {
    const info = makeRunInfo({ experimentName: "readonly" });
    // a file where the metrics directory should be makes every append fail
    await writeFile(join(info.runDir, "metrics_GR0"), "not a directory");
    const session = await fsBackend().openRun(info);
    const chunk = makeChunk({ name: "m", context: "training", source: "prov4ml" }, 0, [1]);
    const written = session.write({ events: [], metrics: [chunk] });
    await expect(written).rejects.toMatchObject({ code: "STORAGE" });
    await expect(written).rejects.toThrow(info.runDir);
    // each later batch is still posted (and fails the same way while the cause lasts)
    await expect(session.write({ events: [], metrics: [chunk] })).rejects.toMatchObject({ code: "STORAGE" });
  });
});

describe("fsBackend live chunks (watchChunk)", () => {
  function liveChunk(capacity: number) {
    const memory = new SharedArrayBuffer(8 + capacity * 24);
    return {
      key: { name: "loss", context: "training", source: "prov4ml" },
      cursor: new Int32Array(memory, 0, 2),
      capacity,
      steps: new Float64Array(memory, 8, capacity),
      values: new Float64Array(memory, 8 + capacity * 8, capacity),
      timestamps: new Float64Array(memory, 8 + capacity * 16, capacity),
    };
  }
  function publish(chunk: ReturnType<typeof liveChunk>, index: number, step: number) {
    chunk.steps[index] = step;
    chunk.values[index] = step / 2;
    chunk.timestamps[index] = 100 + step;
    Atomics.store(chunk.cursor, 0, index + 1);
  }

  it("persists the published rows of consecutive chunks in order, and says how far it got", async () => {
    const info = makeRunInfo({ experimentName: "live" });
    const session = await fsBackend().openRun(info);
    const first = liveChunk(2);
    const second = liveChunk(2);
    session.watchChunk!(first);
    session.watchChunk!(second);
    publish(first, 0, 0);
    // A write (the run's flush) settles with the published rows in the file.
    await session.write({ events: [], metrics: [] });
    expect(Atomics.load(first.cursor, 1)).toBe(1);
    publish(first, 1, 1);
    publish(second, 0, 2);
    await session.close({
      files: [],
      document: undefined as never,
      status: "FINISHED",
      endTime: 0,
      timeoutMs: 1000,
    });
    const text = await readFile(join(info.runDir, metricFilePath("loss", "training", "prov4ml", 0)), "utf8");
    expect(text).toBe("step,value,timestamp\n0,0,100\n1,0.5,101\n2,1,102\n");
    expect([Atomics.load(first.cursor, 1), Atomics.load(second.cursor, 1)]).toEqual([2, 1]);
  });
});
