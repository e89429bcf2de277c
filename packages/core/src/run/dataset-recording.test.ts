import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  InvalidArgumentError,
  InvalidNameError,
  PluginError,
  Prov4mlError,
  UnrecognizedDatasetError,
} from "../errors.ts";
import type { BackendPlugin } from "../plugins/backend.ts";
import type { DatasetInfo, DatasetInspectorPlugin } from "../plugins/dataset-inspector.ts";
import type { DatasetEvent, RunEvent } from "../plugins/events.ts";
import { silentLogger } from "../plugins/logger.ts";
import { literalToJs } from "../prov/literals.ts";
import { createProv4ml } from "../prov4ml.ts";
import { datasetInfoStats } from "./dataset-info-stats.ts";
import type { Run } from "./run.ts";
import { recordId } from "./run-document.ts";
import { TERMS } from "./vocabulary.ts";

/** A dataset class the core knows nothing about, with a size and one element. */
class FakeDataset {
  constructor(
    readonly size: number | null,
    readonly first: Record<string, { shape: number[]; dtype: string }>,
  ) {}
}

/** Recognises FakeDataset; asynchronous like an inspector that reads an element. */
function fakeInspector(mode: "sync" | "async" = "async"): DatasetInspectorPlugin & { calls: number } {
  const plugin = {
    kind: "dataset-inspector" as const,
    name: "fake-datasets",
    specVersion: 1 as const,
    calls: 0,
    inspect(dataset: unknown) {
      if (!(dataset instanceof FakeDataset)) return undefined;
      plugin.calls++;
      const info: DatasetInfo = {
        format: "fake",
        size: dataset.size ?? undefined,
        elementSpec: Object.entries(dataset.first).map(([path, leaf]) => ({ path, ...leaf })),
        stats: { shuffled: true },
      };
      return mode === "sync"
        ? info
        : new Promise<DatasetInfo>((resolve) => setImmediate(() => resolve(info)));
    },
  };
  return plugin;
}

function eventsBackend() {
  const events: RunEvent[] = [];
  const plugin: BackendPlugin = {
    kind: "backend",
    name: "events",
    specVersion: 1,
    capabilities: { metrics: true, artifacts: false, documents: false },
    async openRun() {
      return {
        write: (batch) => void events.push(...batch.events),
        forceFlush: async () => {},
        close: async () => undefined,
      };
    },
  };
  return { plugin, datasets: () => events.filter((e): e is DatasetEvent => e.type === "dataset") };
}

const openRuns: Run[] = [];
async function start(plugins: (BackendPlugin | DatasetInspectorPlugin)[]) {
  const run = await createProv4ml({ plugins, logger: silentLogger }).startRun({
    experimentName: "datasets",
    provenanceSaveDir: mkdtempSync(join(tmpdir(), "prov4ml-datasets-")),
    logSourceCode: false,
    closeOnExit: false,
  });
  openRuns.push(run);
  return run;
}
afterEach(async () => {
  for (const run of openRuns.splice(0)) if (run.isActive) await run.endRun();
});

/** The dataset entity's stats in the run's PROV document, as JavaScript values. */
function statsInDocument(run: Run, label: string): Record<string, unknown> {
  const attributes = run.document().mergedAttributes("entity", recordId(run.runName, "dataset", label)) ?? {};
  return Object.fromEntries(
    Object.entries(attributes)
      .filter(([key]) => key.startsWith(TERMS.statPrefix))
      .map(([key, value]) => [key.slice(TERMS.statPrefix.length), literalToJs(value as never)]),
  );
}

describe("logDataset through a dataset inspector", () => {
  it("records size and element spec from an asynchronous inspector, and endRun waits for it", async () => {
    const backend = eventsBackend();
    const inspector = fakeInspector("async");
    const run = await start([backend.plugin, inspector]);
    const dataset = new FakeDataset(12, {
      xs: { shape: [4, 2], dtype: "float32" },
      ys: { shape: [4], dtype: "int32" },
    });
    const pending = run.logDataset("train", dataset, { source: "memory://spirals" });
    expect(inspector.calls).toBe(1);
    await run.endRun(); // not awaited: the end waits for the inspection
    const event = await pending;
    expect(event.stats).toEqual({
      shuffled: true,
      format: "fake",
      size: 12,
      spec_xs: "float32[4,2]",
      spec_ys: "int32[4]",
    });
    expect(event.source).toBe("memory://spirals");
    expect(backend.datasets().map((e) => e.label)).toEqual(["train"]);
    expect(statsInDocument(run, "train")).toMatchObject({ size: 12, spec_xs: "float32[4,2]" });
  });

  it("says when the size is unknown, and records a synchronous inspector's answer at once", async () => {
    const run = await start([eventsBackend().plugin, fakeInspector("sync")]);
    const event = await run.logDataset("filtered", new FakeDataset(null, {}));
    expect(event.stats).toMatchObject({ format: "fake", size: "unknown" });
    expect(statsInDocument(run, "filtered")).toMatchObject({ size: "unknown" });
  });

  it("refuses an object no inspector recognises with a typed error, at the call, recording nothing", async () => {
    const backend = eventsBackend();
    const run = await start([backend.plugin]); // no inspector: the core alone knows no FakeDataset
    const unknown = new FakeDataset(3, {});
    expect(() => run.logDataset("fake", unknown)).toThrow(UnrecognizedDatasetError);
    expect(() => run.logDataset("fake", unknown)).toThrow(/class FakeDataset.*dataset-inspector/);
    expect(() => run.logDataset("typo", { stats: { rows: 1 }, sorce: "x" } as never)).toThrow(/key "sorce"/);
    expect(() => run.logDataset("number", 42 as never)).toThrow(UnrecognizedDatasetError);
    expect(() => run.logDataset("bad stat", { stats: { nested: {} } } as never)).toThrow(
      InvalidArgumentError,
    );
    await run.endRun();
    expect(backend.datasets()).toEqual([]);
    expect(new UnrecognizedDatasetError("x", "y")).toBeInstanceOf(Prov4mlError);
  });

  it("keeps the core's own shapes: array-likes give total_samples, descriptions their stats", async () => {
    const run = await start([eventsBackend().plugin, fakeInspector()]);
    expect((await run.logDataset("array", [1, 2, 3])).stats).toEqual({ total_samples: 3 });
    expect((await run.logDataset("typed", new Float32Array(5))).stats).toEqual({ total_samples: 5 });
    const described = await run.logDataset("described", { stats: { rows: 10 }, digest: "abc" });
    expect(described).toMatchObject({ stats: { rows: 10 }, digest: "abc" });
    expect((await run.logDataset("nothing known")).stats).toEqual({});
    expect((await run.logDataset("null prototype", Object.create(null))).stats).toEqual({});
  });

  it("checks the context before an inspector starts reading the dataset", async () => {
    const backend = eventsBackend();
    const inspector = fakeInspector("async");
    const run = await start([backend.plugin, inspector]);
    expect(() => run.logDataset("train", new FakeDataset(1, {}), { context: " padded " })).toThrow(
      InvalidNameError,
    );
    expect(inspector.calls).toBe(0);
    await run.endRun();
    expect(backend.datasets()).toEqual([]);
  });

  it("checks an inspector's stat names like any others", async () => {
    const bad: DatasetInspectorPlugin = {
      kind: "dataset-inspector",
      name: "bad",
      specVersion: 1,
      inspect: () => ({ format: "bad", size: 1, stats: { "": 1 } }),
    };
    const run = await start([eventsBackend().plugin, bad]);
    expect(() => run.logDataset("d", new FakeDataset(1, {}))).toThrow(/dataset stat/);
  });

  it("is a plugin kind the registry checks", () => {
    expect(() =>
      createProv4ml({
        plugins: [{ kind: "dataset-inspector", name: "no-inspect", specVersion: 1 } as never],
      }),
    ).toThrow(PluginError);
  });
});

describe("datasetInfoStats", () => {
  it("writes infinite and unknown sizes and unknown dimensions in words a reader understands", () => {
    expect(datasetInfoStats({ format: "f", size: Number.POSITIVE_INFINITY })).toEqual({
      format: "f",
      size: "infinite",
    });
    expect(
      datasetInfoStats({
        format: "f",
        size: undefined,
        elementSpec: [{ path: "image", dtype: "int32", shape: [null, 28, 28] }],
        stats: { size: 99, format: "mine" },
      }),
    ).toEqual({ format: "f", size: "unknown", spec_image: "int32[?,28,28]" });
  });
});
