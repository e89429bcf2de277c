import { type BackendSession, ProvDocument, type RunBatch, type RunInfo } from "@prov4ml/core";
import { expect, it } from "vitest";
import { makeChunk } from "./chunks.ts";
import type { BackendConformanceOptions } from "./conformance.ts";

/** What each case of the conformance suite shares. */
export interface ConformanceSuite {
  readonly options: BackendConformanceOptions;
  readonly runInfo: (overrides: Partial<RunInfo>) => RunInfo;
  readonly timeout: number;
  /** Flushes and closes a session with a one-activity document, as `endRun` would. */
  finish(info: RunInfo, session: BackendSession): ReturnType<BackendSession["close"]>;
}

const key = (context: string, name: string, source = "prov4ml") => `${context}/${name}/${source}`;

/**
 * Hands a batch to a session the way the core does: a session that watches events gets each
 * event through `watchEvent` (as it is logged) and the batch without them.
 */
function writeAsCore(session: BackendSession, batch: RunBatch): void | Promise<void> {
  if (!session.watchEvent) return session.write(batch);
  for (const event of batch.events) session.watchEvent(event);
  return session.write({ events: [], metrics: batch.metrics });
}

/** Closes a session the way `endRun` does, after a flush. */
export async function finishSession(info: RunInfo, session: BackendSession, timeoutMs: number) {
  await session.forceFlush();
  const document = new ProvDocument({ defaultNamespace: info.userNamespace });
  document.activity(info.runName);
  return session.close({ status: "FINISHED", endTime: Date.now(), document, files: [], timeoutMs });
}

/** Kind, name, specVersion and capabilities. */
function declaresItself(suite: ConformanceSuite): void {
  it("declares its kind, name, specVersion and capabilities", async () => {
    const plugin = await suite.options.create();
    expect(plugin.kind).toBe("backend");
    expect(typeof plugin.name).toBe("string");
    expect(plugin.name.length).toBeGreaterThan(0);
    expect(plugin.specVersion).toBe(1);
    expect(typeof plugin.capabilities.metrics).toBe("boolean");
    expect(typeof plugin.openRun).toBe("function");
  });
}

/** Points in order, copied from chunks the run then reuses. */
function storesPointsInOrder(suite: ConformanceSuite): void {
  it("stores metric points in order, copying chunks the run reuses", { timeout: suite.timeout }, async () => {
    const plugin = await suite.options.create();
    const info = suite.runInfo({ experimentName: "conf_order" });
    const session = await plugin.openRun(info);
    const chunk = makeChunk({ name: "loss", context: "training", source: "prov4ml" }, 0, [0.5, 0.25, 0.125]);
    await writeAsCore(session, { events: [], metrics: [chunk] });
    // The run reuses its buffers once write resolves: scribble over them.
    chunk.values.fill(999);
    const next = makeChunk({ name: "loss", context: "training", source: "prov4ml" }, 3, [0.0625]);
    await writeAsCore(session, { events: [], metrics: [next] });
    await suite.finish(info, session);
    if (!suite.options.readBack) return;
    const stored = await suite.options.readBack(plugin, info);
    expect(stored.metrics.get(key("training", "loss"))?.values).toEqual([0.5, 0.25, 0.125, 0.0625]);
    expect(stored.metrics.get(key("training", "loss"))?.steps).toEqual([0, 1, 2, 3]);
  });
}

/** NaN and infinities. */
function keepsNonFinite(suite: ConformanceSuite): void {
  it("keeps NaN and infinities", { timeout: suite.timeout }, async () => {
    const plugin = await suite.options.create();
    const info = suite.runInfo({ experimentName: "conf_nonfinite" });
    const session = await plugin.openRun(info);
    const values = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0.5];
    await writeAsCore(session, {
      events: [],
      metrics: [makeChunk({ name: "odd", context: "testing", source: "prov4ml" }, 0, values)],
    });
    await suite.finish(info, session);
    if (!suite.options.readBack) return;
    const stored = await suite.options.readBack(plugin, info);
    expect(stored.metrics.get(key("testing", "odd"))?.values).toEqual(values);
  });
}

/** Params. */
function storesParams(suite: ConformanceSuite): void {
  it("stores params", { timeout: suite.timeout }, async () => {
    const plugin = await suite.options.create();
    const info = suite.runInfo({ experimentName: "conf_params" });
    const session = await plugin.openRun(info);
    await writeAsCore(session, {
      events: [
        {
          type: "param",
          key: "lr",
          value: "0.001",
          rawValue: 0.001,
          context: undefined,
          timestamp: Date.now(),
        },
        {
          type: "param",
          key: "optimizer",
          value: "adam",
          rawValue: "adam",
          context: "training",
          timestamp: Date.now(),
        },
      ],
      metrics: [],
    });
    await suite.finish(info, session);
    if (!suite.options.readBack) return;
    const stored = await suite.options.readBack(plugin, info);
    expect(stored.params).toMatchObject({ lr: "0.001", optimizer: "adam" });
  });
}

/** Two concurrent runs kept apart. */
function keepsRunsApart(suite: ConformanceSuite): void {
  it("keeps two concurrent runs apart", { timeout: suite.timeout }, async () => {
    const plugin = await suite.options.create();
    const first = suite.runInfo({ experimentName: "conf_a" });
    const second = suite.runInfo({ experimentName: "conf_b" });
    const [a, b] = await Promise.all([plugin.openRun(first), plugin.openRun(second)]);
    await Promise.all([
      writeAsCore(a, {
        events: [],
        metrics: [makeChunk({ name: "m", context: "training", source: "prov4ml" }, 0, [1, 2])],
      }),
      writeAsCore(b, {
        events: [],
        metrics: [makeChunk({ name: "m", context: "training", source: "prov4ml" }, 0, [3])],
      }),
    ]);
    await Promise.all([suite.finish(first, a), suite.finish(second, b)]);
    if (!suite.options.readBack) return;
    expect((await suite.options.readBack(plugin, first)).metrics.get(key("training", "m"))?.values).toEqual([
      1, 2,
    ]);
    expect((await suite.options.readBack(plugin, second)).metrics.get(key("training", "m"))?.values).toEqual([
      3,
    ]);
  });
}

/** Empty batches, and a close with no data. */
function acceptsEmptyBatches(suite: ConformanceSuite): void {
  it("accepts empty batches and closes with no data", { timeout: suite.timeout }, async () => {
    const plugin = await suite.options.create();
    const info = suite.runInfo({ experimentName: "conf_empty" });
    const session = await plugin.openRun(info);
    await writeAsCore(session, { events: [], metrics: [] });
    await expect(suite.finish(info, session)).resolves.not.toThrow();
    await plugin.shutdown?.();
  });
}

/** Registers every case of the suite (inside the caller's `describe`). */
export function conformanceCases(suite: ConformanceSuite): void {
  declaresItself(suite);
  storesPointsInOrder(suite);
  keepsNonFinite(suite);
  storesParams(suite);
  keepsRunsApart(suite);
  acceptsEmptyBatches(suite);
}
