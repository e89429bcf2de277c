import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Context } from "../context.ts";
import {
  ArtifactPathError,
  InvalidArgumentError,
  InvalidMetricValueError,
  InvalidNameError,
  NoCollectorError,
  ParamConflictError,
  RunEndedError,
} from "../errors.ts";
import type { BackendPlugin, RunOutcome } from "../plugins/backend.ts";
import type { CollectorPlugin } from "../plugins/collector.ts";
import type { RunBatch, RunEvent } from "../plugins/events.ts";
import { silentLogger } from "../plugins/logger.ts";
import { createProv4ml } from "../prov4ml.ts";
import type { Run } from "./run.ts";
import { TERMS } from "./vocabulary.ts";

/** Records what the run delivers, copying the reusable chunks. */
function recordingBackend() {
  const points = new Map<string, { steps: number[]; values: number[]; offsets: number[] }>();
  const events: RunEvent[] = [];
  const outcomes: RunOutcome[] = [];
  let batches = 0;
  const plugin: BackendPlugin = {
    kind: "backend",
    name: "recording",
    specVersion: 1,
    capabilities: { metrics: true, artifacts: false, documents: true },
    async openRun() {
      return {
        write(batch: RunBatch) {
          batches++;
          events.push(...batch.events);
          for (const chunk of batch.metrics) {
            const key = `${chunk.context}/${chunk.name}/${chunk.source}`;
            const series = points.get(key) ?? { steps: [], values: [], offsets: [] };
            series.offsets.push(chunk.offset);
            series.steps.push(...chunk.steps);
            series.values.push(...chunk.values);
            points.set(key, series);
          }
        },
        async forceFlush() {},
        async close(outcome) {
          outcomes.push(outcome);
          return { files: { "prov-json": "/nowhere/prov.json" } };
        },
      };
    },
  };
  return { plugin, points, events, outcomes, batches: () => batches };
}

const saveDir = () => mkdtempSync(join(tmpdir(), "prov4ml-core-"));
const openRuns: Run[] = [];

async function start(plugins: BackendPlugin[] | (BackendPlugin | CollectorPlugin)[], experimentName = "exp") {
  const instance = createProv4ml({ plugins, logger: silentLogger });
  const run = await instance.startRun({
    experimentName,
    provenanceSaveDir: saveDir(),
    logSourceCode: false,
    closeOnExit: false,
  });
  openRuns.push(run);
  return run;
}

afterEach(async () => {
  for (const run of openRuns.splice(0)) if (run.isActive) await run.endRun();
});

describe("Run metrics", () => {
  it("delivers every point in order, in columnar chunks with running offsets", async () => {
    const backend = recordingBackend();
    const run = await start([backend.plugin]);
    for (let epoch = 0; epoch < 10_000; epoch++) {
      run.logMetric("loss", 1 / (epoch + 1), Context.TRAINING, { step: epoch });
    }
    run.logMetric("accuracy", 0.5, Context.VALIDATION, 3);
    await run.endRun();
    const loss = backend.points.get("training/loss/prov4ml")!;
    expect(loss.values).toHaveLength(10_000);
    expect(loss.values[9_999]).toBe(1 / 10_000);
    expect(loss.steps.slice(0, 3)).toEqual([0, 1, 2]);
    // offsets continue where the previous chunk stopped
    expect(loss.offsets[0]).toBe(0);
    expect(backend.points.get("validation/accuracy/prov4ml")).toMatchObject({ steps: [3], values: [0.5] });
  });

  it("defaults the step to the series' point count and the timestamp to now", async () => {
    const backend = recordingBackend();
    const run = await start([backend.plugin]);
    const before = Date.now();
    run.logMetric("x", 1);
    run.logMetric("x", 2);
    const document = run.document();
    await run.endRun();
    expect(backend.points.get("training/x/prov4ml")?.steps).toEqual([0, 1]);
    const metric = document.records.find((record) => record.attributes[TERMS.name] === "x")!;
    expect(metric.attributes[TERMS.count]).toEqual({ $: "2", type: "xsd:long" });
    const generation = document.records.find(
      (record) => record.kind === "wasGeneratedBy" && record.attributes["prov:entity"] === metric.id,
    )!;
    // the shared-memory clock lags the system clock by a tick plus scheduling delay (see millisecond-clock.ts)
    const stamped = Date.parse(String(generation.attributes["prov:time"]));
    expect(stamped).toBeGreaterThanOrEqual(before - 50);
    expect(stamped).toBeLessThanOrEqual(Date.now());
  });

  it("accepts NaN and infinities and rejects non-numbers with a typed error", async () => {
    const backend = recordingBackend();
    const run = await start([backend.plugin]);
    run.logMetric("odd", Number.NaN);
    run.logMetric("odd", Number.POSITIVE_INFINITY);
    expect(() => run.logMetric("odd", "1" as unknown as number)).toThrow(InvalidMetricValueError);
    expect(() => run.logMetric("", 1)).toThrow(InvalidNameError);
    expect(() => run.logMetric("bad\nname", 1)).toThrow(/control characters/);
    await run.endRun();
    expect(backend.points.get("training/odd/prov4ml")?.values).toEqual([
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ]);
  });

  it("flushes on its timer without waiting for endRun, and keeps memory bounded", async () => {
    const backend = recordingBackend();
    const instance = createProv4ml({ plugins: [backend.plugin], logger: silentLogger });
    const run = await instance.startRun({
      experimentName: "timer",
      provenanceSaveDir: saveDir(),
      flushIntervalMs: 20,
      logSourceCode: false,
      closeOnExit: false,
    });
    openRuns.push(run);
    run.logMetric("m", 1);
    // the flush timer hands it over with no flush() call: wait for that, not for a fixed time
    await vi.waitUntil(() => backend.points.get("training/m/prov4ml") !== undefined, {
      timeout: 60_000,
      interval: 10,
    });
    expect(backend.points.get("training/m/prov4ml")?.values).toEqual([1]);
    // 200k points in a tight loop: early flushes hand them over in bounded batches
    for (let i = 0; i < 200_000; i++) run.logMetric("m", i);
    await run.endRun();
    const values = backend.points.get("training/m/prov4ml")!.values;
    expect(values).toHaveLength(200_001);
    // every point, in the order logged, though batches were queued behind each other
    expect(values.slice(1)).toEqual(Array.from({ length: 200_000 }, (_, i) => i));
    expect(backend.batches()).toBeGreaterThan(2);
  });
});

describe("startRun options", () => {
  it("refuses a namespace that is no IRI and tags that are not strings, with typed errors", async () => {
    const instance = createProv4ml({ plugins: [], logger: silentLogger });
    const base = {
      experimentName: "opts",
      provenanceSaveDir: saveDir(),
      closeOnExit: false,
      logSourceCode: false,
    };
    await expect(instance.startRun({ ...base, provUserNamespace: "" })).rejects.toThrow(InvalidArgumentError);
    await expect(instance.startRun({ ...base, provUserNamespace: "has space.org" })).rejects.toThrow(
      /not an IRI/,
    );
    await expect(instance.startRun({ ...base, tags: "abc" as never })).rejects.toThrow(InvalidArgumentError);
    await expect(instance.startRun({ ...base, tags: { n: 1 } as never })).rejects.toThrow(/string value/);
    await expect(instance.startRun({ ...base, checkpointIntervalMs: Number.NaN })).rejects.toThrow(
      /checkpointIntervalMs/,
    );
    await expect(instance.startRun({ ...base, checkpointIntervalMs: -1 })).rejects.toThrow(
      InvalidArgumentError,
    );
    const run = await instance.startRun({
      ...base,
      provUserNamespace: "https://example.org/ns#",
      tags: { team: "vision" },
    });
    openRuns.push(run);
    expect(run.info.userNamespace).toBe("https://example.org/ns#");
  });
});

describe("Run params, contexts and lifecycle", () => {
  it("makes params immutable, like MLflow", async () => {
    const backend = recordingBackend();
    const run = await start([backend.plugin]);
    run.logParam("lr", 0.001);
    run.logParam("lr", 0.001);
    expect(() => run.logParam("lr", 0.01)).toThrow(ParamConflictError);
    expect(() => run.logParams({ batch: 32, lr: 0.5 })).toThrow(ParamConflictError);
    await run.endRun();
    // the failed logParams recorded nothing
    expect(
      backend.events
        .filter((event) => event.type === "param")
        .map((event) => event.type === "param" && event.key),
    ).toEqual(["lr"]);
  });

  it("refuses logging after the end, and a second endRun", async () => {
    const run = await start([recordingBackend().plugin]);
    await run.endRun();
    expect(() => run.logMetric("x", 1)).toThrow(RunEndedError);
    expect(() => run.logParam("p", 1)).toThrow(RunEndedError);
    await expect(run.endRun()).rejects.toThrow(RunEndedError);
  });

  it("warns once, with the closest known name, about a context that looks like a typo", async () => {
    const run = await start([recordingBackend().plugin]);
    run.logMetric("loss", 1, "trainig");
    run.logMetric("loss", 2, "trainig");
    run.logMetric("loss", 3, "inference");
    const result = await run.endRun();
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain('"trainig"');
    expect(result.warnings[0]).toContain('"training"');
  });

  it("logs a batch at one step, source and timestamp, and refuses it after the run ended", async () => {
    const backend = recordingBackend();
    const run = await start([backend.plugin]);
    run.logMetrics({ loss: 0.5, acc: 0.9 }, Context.VALIDATION, { step: 7, source: "custom" });
    run.logMetrics({ loss: 0.4 }, Context.VALIDATION, 8);
    await run.endRun();
    expect(backend.points.get("validation/loss/custom")).toMatchObject({ steps: [7], values: [0.5] });
    expect(backend.points.get("validation/acc/custom")).toMatchObject({ steps: [7], values: [0.9] });
    expect(backend.points.get("validation/loss/prov4ml")).toMatchObject({ steps: [8], values: [0.4] });
    expect(() => run.logMetrics({ loss: 1 })).toThrow(RunEndedError);
  });

  it("logs the execution time as its own series at the given steps, and refuses it after the run ended", async () => {
    const backend = recordingBackend();
    const run = await start([backend.plugin]);
    run.logCurrentExecutionTime("epoch_time", Context.TRAINING, 3);
    run.logCurrentExecutionTime("epoch_time", Context.TRAINING, { step: 4, source: "ignored" });
    await run.endRun();
    const series = backend.points.get("training/epoch_time/execution_time");
    expect(series?.steps).toEqual([3, 4]);
    expect(series!.values[1]!).toBeGreaterThanOrEqual(series!.values[0]!);
    expect(() => run.logCurrentExecutionTime("epoch_time")).toThrow(RunEndedError);
  });

  it("has one rule for each value that used to be coerced silently", async () => {
    const backend = recordingBackend();
    const run = await start([backend.plugin]);
    expect(() => run.logMetric("loss", 1, Context.TRAINING, 1.5)).toThrow(InvalidArgumentError);
    expect(() => run.logMetric("loss", 1, Context.TRAINING, { step: 2 ** 60 })).toThrow(InvalidArgumentError);
    expect(() => run.logParam("nothing", undefined)).toThrow(InvalidArgumentError);
    expect(() => run.logParam("map", new Map([["a", 1]]))).toThrow(InvalidArgumentError);
    run.logParam("zero", -0);
    expect(() => run.logContext("fold", { parent: "trianing_phase" })).toThrow(InvalidArgumentError);
    expect(() => run.logMetrics({ good: 1, bad: "x" as unknown as number })).toThrow(InvalidMetricValueError);
    await run.endRun();
    expect([...backend.points.keys()]).toEqual([]);
    const params = backend.events.filter((event) => event.type === "param");
    expect(params.map((event) => [event.key, event.value])).toEqual([["zero", "-0"]]);
    expect(backend.events.some((event) => event.type === "context" && event.name === "trianing_phase")).toBe(
      false,
    );
  });

  it("records custom contexts under their parent", async () => {
    const run = await start([recordingBackend().plugin]);
    run.logContext("fold_1", { parent: Context.TRAINING });
    run.logMetric("loss", 1, "fold_1");
    const document = run.document();
    await run.endRun();
    const informed = document.records.filter((record) => record.kind === "wasInformedBy");
    const fold = informed.find((record) =>
      String(record.attributes["prov:informed"]).endsWith("context.fold_1"),
    )!;
    expect(fold.attributes["prov:informant"]).toMatch(/context\.training$/);
    expect(() => run.logContext("x")).toThrow(RunEndedError);
  });

  it("gives concurrent runs of one experiment distinct numbers and keeps their data apart", async () => {
    const backend = recordingBackend();
    const instance = createProv4ml({ plugins: [backend.plugin], logger: silentLogger });
    const dir = saveDir();
    const runs = await Promise.all(
      Array.from({ length: 8 }, () =>
        instance.startRun({
          experimentName: "same",
          provenanceSaveDir: dir,
          logSourceCode: false,
          closeOnExit: false,
        }),
      ),
    );
    expect(new Set(runs.map((run) => run.info.runNumber)).size).toBe(8);
    expect(readdirSync(dir).sort()).toEqual(Array.from({ length: 8 }, (_, n) => `same_${n}`).sort());
    for (const [index, run] of runs.entries()) run.logMetric("id", index);
    const results = await Promise.all(runs.map((run) => run.endRun()));
    expect(results.map((result) => result.status)).toEqual(Array(8).fill("FINISHED"));
    expect(backend.outcomes).toHaveLength(8);
  });
});

describe("Run artifacts and models", () => {
  it("copies an artifact with its size and sha256, and refuses names that escape the run", async () => {
    const run = await start([recordingBackend().plugin]);
    const source = join(saveDir(), "weights.bin");
    writeFileSync(source, "hello");
    expect(() => run.logArtifact(source, { name: "../../evil" })).toThrow(ArtifactPathError);
    expect(() => run.logArtifact(source, { name: "/etc/passwd" })).toThrow(ArtifactPathError);
    const artifact = await run.logArtifact(source, { name: "models/weights.bin" });
    expect(artifact.size).toBe(5);
    expect(artifact.sha256).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    expect(await readFile(artifact.storedPath!, "utf8")).toBe("hello");
    expect(artifact.storedPath).toBe(join(run.runDir, "artifacts_GR0", "models", "weights.bin"));
    expect(readdirSync(run.runDir).sort()).toEqual(["artifacts_GR0"]);
    await run.endRun();
  });

  it("records an input artifact as used, with its sha256, without copying it", async () => {
    const run = await start([recordingBackend().plugin]);
    const source = join(saveDir(), "spirals.csv");
    writeFileSync(source, "hello");
    const artifact = await run.logArtifact(source, { context: Context.TESTING, isInput: true });
    expect(artifact).toMatchObject({ isInput: true, storedPath: undefined, sourcePath: source });
    expect(artifact.sha256).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    expect(readdirSync(run.runDir)).not.toContain("artifacts_GR0");
    const records = run.document().records;
    const entity = records.find((record) => record.kind === "entity" && record.id?.includes("spirals"));
    expect(entity?.attributes).toMatchObject({ [TERMS.sha256]: artifact.sha256 });
    const used = records.filter((record) => record.kind === "used").map((record) => record.attributes);
    expect(used).toContainEqual(expect.objectContaining({ "prov:entity": entity?.id }));
    const generated = records.filter((record) => record.kind === "wasGeneratedBy");
    expect(generated.map((record) => record.attributes["prov:entity"])).not.toContain(entity?.id);
    await run.endRun();
  });

  it("copies an input artifact only when asked to", async () => {
    const run = await start([recordingBackend().plugin]);
    const source = join(saveDir(), "config.json");
    writeFileSync(source, "{}");
    const artifact = await run.logArtifact(source, { isInput: true, copy: true });
    expect(artifact.storedPath).toBe(join(run.runDir, "artifacts_GR0", "config.json"));
    expect(await readFile(artifact.storedPath!, "utf8")).toBe("{}");
    await run.endRun();
  });

  it("records model size through the built-in inspectors", async () => {
    const run = await start([recordingBackend().plugin]);
    const tfjsLike = {
      countParams: () => 30,
      weights: [
        { name: "dense/kernel", shape: [4, 5], dtype: "float32" },
        { name: "dense/bias", shape: [10], dtype: "float32" },
      ],
    };
    const fromTfjs = await run.logModel(tfjsLike, "tfjs");
    expect(fromTfjs.info).toMatchObject({ format: "tfjs-layers", parameterCount: 30, memoryBytes: 120 });
    const record = await run.logModel({ w: new Float32Array(6), b: new Float64Array(2) }, "plain");
    expect(record.info).toMatchObject({ format: "typed-array-record", parameterCount: 8, memoryBytes: 40 });
    const off = await run.logModel(tfjsLike, "quiet", { logModelInfo: false });
    expect(off.info).toBeUndefined();
    await run.endRun();
  });

  it("turns model info off with the seed's positional false", async () => {
    const run = await start([recordingBackend().plugin]);
    const off = await run.logModel({ w: new Float32Array(6) }, "seed", false);
    expect(off.info).toBeUndefined();
    await run.endRun();
  });

  it("records a model an evaluation uses as an input, referencing its file without a copy", async () => {
    const backend = recordingBackend();
    const run = await start([backend.plugin]);
    const dir = saveDir();
    const file = join(dir, "model.bin");
    writeFileSync(file, "weights");
    const event = await run.logModel(file, "trained", { context: Context.TESTING, isInput: true });
    expect(event.isInput).toBe(true);
    expect(event.artifact).toMatchObject({
      isInput: true,
      isModel: true,
      storedPath: undefined,
      sourcePath: file,
    });
    expect(readdirSync(run.runDir)).not.toContain("artifacts_GR0");
    const records = run.document().records;
    const relations = (kind: string) =>
      records
        .filter((record) => record.kind === kind)
        .map((record) => record.attributes as Record<string, unknown>);
    const testingUses = relations("used").filter((relation) =>
      String(relation["prov:activity"]).endsWith("testing"),
    );
    expect(testingUses.map((relation) => String(relation["prov:entity"])).sort()).toEqual([
      expect.stringContaining("artifact"),
      expect.stringContaining("model"),
    ]);
    const generated = relations("wasGeneratedBy").map((relation) => String(relation["prov:entity"]));
    expect(generated.some((entity) => entity.includes("trained"))).toBe(false);
    await run.endRun();
  });
});

describe("Run collectors", () => {
  it("logs a collector's sample and records each unavailable source once", async () => {
    const backend = recordingBackend();
    let reads = 0;
    const collector: CollectorPlugin = {
      kind: "collector",
      name: "fake-system",
      specVersion: 1,
      group: "system",
      capabilities: { mode: "poll" },
      async openRun() {
        return {
          async sample() {
            reads++;
            return {
              metrics: [{ name: "memory_usage", value: 40 + reads, unit: "%" }],
              unavailable: [{ source: "gpu", reason: "no NVIDIA library" }],
            };
          },
        };
      },
    };
    const run = await start([backend.plugin, collector]);
    await run.logSystemMetrics(Context.TRAINING, { step: 7 });
    await run.logSystemMetrics(Context.TRAINING);
    await expect(run.logCarbonMetrics()).rejects.toThrow(NoCollectorError);
    const document = run.document();
    await run.endRun();
    expect(backend.points.get("training/memory_usage/system")).toMatchObject({
      steps: [7, 1],
      values: [41, 42],
    });
    const runRecord = document.records.find((record) => record.kind === "activity")!;
    expect(runRecord.attributes[TERMS.unavailableSource]).toEqual(["gpu: no NVIDIA library"]);
  });

  it("keeps a sample that was still being read when endRun started", async () => {
    const backend = recordingBackend();
    const slow: CollectorPlugin = {
      kind: "collector",
      name: "slow-system",
      specVersion: 1,
      group: "system",
      capabilities: { mode: "poll" },
      async openRun() {
        return {
          async sample() {
            await new Promise((resolve) => setTimeout(resolve, 50));
            return { metrics: [{ name: "cpu_usage", value: 12.5 }] };
          },
        };
      },
    };
    const run = await start([backend.plugin, slow]);
    const sampling = run.logSystemMetrics("late_context", { step: 3 });
    const result = await run.endRun();
    await sampling;
    expect(result.warnings).toEqual([]);
    expect(backend.points.get("late_context/cpu_usage/system")).toMatchObject({ steps: [3], values: [12.5] });
  });
});
