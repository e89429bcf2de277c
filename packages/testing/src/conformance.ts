import {
  type BackendPlugin,
  type BackendSession,
  ProvDocument,
  type RunBatch,
  type RunInfo,
} from "@prov4ml/core";
import { describe, expect, it } from "vitest";
import { makeChunk } from "./chunks.ts";
import { makeRunInfo } from "./run-info.ts";

/** What a backend under test stored, read back through its own storage (files, server). */
export interface StoredRun {
  /** Values by series, keyed `context/name/source`, in the order they were stored. */
  metrics: Map<string, { steps: number[]; values: number[] }>;
  params: Record<string, string>;
}

export interface BackendConformanceOptions {
  /** Creates a fresh backend plugin. */
  create: () => BackendPlugin | Promise<BackendPlugin>;
  /** Reads back what a finished run stored. Without it, only the lifecycle is checked. */
  readBack?: (plugin: BackendPlugin, info: RunInfo) => Promise<StoredRun>;
  /** Builds the RunInfo for a test run (to point at a server or directory); default `makeRunInfo`. */
  runInfo?: (overrides: Partial<RunInfo>) => RunInfo;
  /** Per-test timeout (ms) for slow backends; default 30000. */
  timeoutMs?: number;
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

/**
 * The promises every backend keeps, as a vitest suite a backend runs in its own tests:
 * lifecycle, order, copies of reused chunks, non-finite values, runs kept apart, idempotent close.
 */
export function describeBackendConformance(label: string, options: BackendConformanceOptions): void {
  const runInfo = options.runInfo ?? makeRunInfo;
  const timeout = options.timeoutMs ?? 30_000;

  async function finish(
    _plugin: BackendPlugin,
    info: RunInfo,
    session: Awaited<ReturnType<BackendPlugin["openRun"]>>,
  ) {
    await session.forceFlush();
    const document = new ProvDocument({ defaultNamespace: info.userNamespace });
    document.activity(info.runName);
    return session.close({
      status: "FINISHED",
      endTime: Date.now(),
      document,
      files: [],
      timeoutMs: timeout,
    });
  }

  describe(`backend conformance: ${label}`, () => {
    it("declares its kind, name, specVersion and capabilities", async () => {
      const plugin = await options.create();
      expect(plugin.kind).toBe("backend");
      expect(typeof plugin.name).toBe("string");
      expect(plugin.name.length).toBeGreaterThan(0);
      expect(plugin.specVersion).toBe(1);
      expect(typeof plugin.capabilities.metrics).toBe("boolean");
      expect(typeof plugin.openRun).toBe("function");
    });

    it("stores metric points in order, copying chunks the run reuses", { timeout }, async () => {
      const plugin = await options.create();
      const info = runInfo({ experimentName: "conf_order" });
      const session = await plugin.openRun(info);
      const chunk = makeChunk(
        { name: "loss", context: "training", source: "prov4ml" },
        0,
        [0.5, 0.25, 0.125],
      );
      await writeAsCore(session, { events: [], metrics: [chunk] });
      // The run reuses its buffers once write resolves: scribble over them.
      chunk.values.fill(999);
      const next = makeChunk({ name: "loss", context: "training", source: "prov4ml" }, 3, [0.0625]);
      await writeAsCore(session, { events: [], metrics: [next] });
      await finish(plugin, info, session);
      if (!options.readBack) return;
      const stored = await options.readBack(plugin, info);
      expect(stored.metrics.get(key("training", "loss"))?.values).toEqual([0.5, 0.25, 0.125, 0.0625]);
      expect(stored.metrics.get(key("training", "loss"))?.steps).toEqual([0, 1, 2, 3]);
    });

    it("keeps NaN and infinities", { timeout }, async () => {
      const plugin = await options.create();
      const info = runInfo({ experimentName: "conf_nonfinite" });
      const session = await plugin.openRun(info);
      const values = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0.5];
      await writeAsCore(session, {
        events: [],
        metrics: [makeChunk({ name: "odd", context: "testing", source: "prov4ml" }, 0, values)],
      });
      await finish(plugin, info, session);
      if (!options.readBack) return;
      const stored = await options.readBack(plugin, info);
      expect(stored.metrics.get(key("testing", "odd"))?.values).toEqual(values);
    });

    it("stores params", { timeout }, async () => {
      const plugin = await options.create();
      const info = runInfo({ experimentName: "conf_params" });
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
      await finish(plugin, info, session);
      if (!options.readBack) return;
      const stored = await options.readBack(plugin, info);
      expect(stored.params).toMatchObject({ lr: "0.001", optimizer: "adam" });
    });

    it("keeps two concurrent runs apart", { timeout }, async () => {
      const plugin = await options.create();
      const first = runInfo({ experimentName: "conf_a" });
      const second = runInfo({ experimentName: "conf_b" });
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
      await Promise.all([finish(plugin, first, a), finish(plugin, second, b)]);
      if (!options.readBack) return;
      expect((await options.readBack(plugin, first)).metrics.get(key("training", "m"))?.values).toEqual([
        1, 2,
      ]);
      expect((await options.readBack(plugin, second)).metrics.get(key("training", "m"))?.values).toEqual([3]);
    });

    it("accepts empty batches and closes with no data", { timeout }, async () => {
      const plugin = await options.create();
      const info = runInfo({ experimentName: "conf_empty" });
      const session = await plugin.openRun(info);
      await writeAsCore(session, { events: [], metrics: [] });
      await expect(finish(plugin, info, session)).resolves.not.toThrow();
      await plugin.shutdown?.();
    });
  });
}
