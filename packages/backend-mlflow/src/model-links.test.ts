import type { MetricChunk, ModelEvent } from "@prov4ml/core";
import { describe, expect, it } from "vitest";
import { MemoryQueue } from "./memory-queue.ts";
import { linkIndexAt, ModelLinks } from "./model-links.ts";

const model = (name: string, timestamp: number, isInput = false): ModelEvent => ({
  type: "model",
  name,
  context: "training",
  info: undefined,
  artifact: undefined,
  isInput,
  timestamp,
});

/** `length` points with steps 0… and timestamps t0 + index. */
function chunk(name: string, context: string, length: number, t0: number): MetricChunk {
  const steps = Float64Array.from({ length }, (_, i) => i);
  const timestamps = steps.map((i) => t0 + i);
  return { name, context, source: "prov4ml", offset: 0, length, steps, values: steps, timestamps };
}

describe("ModelLinks: which model a metric point belongs to", () => {
  it("the newest model logged at or before the point; none before the first, none for collector samples", () => {
    const links = new ModelLinks();
    links.add(model("b", 200));
    links.add(model("a", 100)); // delivered late, logged first: kept in logging order
    const forUser = links.forSource("prov4ml")!;
    expect(forUser.map((link) => link.name)).toEqual(["a", "b"]);
    expect([99, 100, 199, 200, 10_000].map((t) => linkIndexAt(forUser, t))).toEqual([-1, 0, 0, 1, 1]);
    expect(links.forSource("system")).toBeUndefined();
    expect(new ModelLinks().forSource("prov4ml")).toBeUndefined();
  });

  it("the queue sends the points before the model as the run's, those after in model-metrics requests of at most 1,000", () => {
    const links = new ModelLinks();
    links.add(model("net", 500, true));
    const queue = new MemoryQueue();
    // 2,500 points, timestamps t0 + index: 500 before the model, 2,000 after it.
    queue.add({
      params: [],
      tags: [],
      datasets: [],
      artifacts: [],
      models: [],
      metrics: [
        { key: "eval/loss", chunk: chunk("loss", "eval", 2500, 0), links: links.forSource("prov4ml") },
      ],
    });
    const items = [];
    for (let item = queue.take(); item; item = queue.take()) items.push(item);
    expect(items.map((item) => [item.kind, "batch" in item ? item.batch.metrics.length : 0])).toEqual([
      ["batch", 500],
      ["model-metrics", 1000],
      ["model-metrics", 1000],
    ]);
    expect(items[1]).toMatchObject({ model: { name: "net", isInput: true } });
  });
});
