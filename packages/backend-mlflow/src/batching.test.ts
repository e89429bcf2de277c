import { describe, expect, it } from "vitest";
import { LOG_BATCH_LIMITS, logBatchBody, splitIntoBatches } from "./batching.ts";
import { toWireMetric } from "./wire.ts";

const metrics = (n: number, key = "training/loss") =>
  Array.from({ length: n }, (_, i) => toWireMetric(key, i / 3, 1_700_000_000_000 + i, i));

describe("splitIntoBatches", () => {
  it("keeps every request within 1000 metrics, 100 params, 100 tags and 1000 entities", () => {
    const params = Array.from({ length: 250 }, (_, i) => ({ key: `p${i}`, value: String(i) }));
    const tags = Array.from({ length: 130 }, (_, i) => ({ key: `t${i}`, value: "v" }));
    const batches = splitIntoBatches({ metrics: metrics(2500), params, tags });
    for (const batch of batches) {
      expect(batch.metrics.length).toBeLessThanOrEqual(1000);
      expect(batch.params.length).toBeLessThanOrEqual(100);
      expect(batch.tags.length).toBeLessThanOrEqual(100);
      expect(batch.metrics.length + batch.params.length + batch.tags.length).toBeLessThanOrEqual(1000);
    }
    const total = (field: "metrics" | "params" | "tags") => batches.reduce((n, b) => n + b[field].length, 0);
    expect([total("metrics"), total("params"), total("tags")]).toEqual([2500, 250, 130]);
  });

  it("keeps the request body under 1 MB", () => {
    // 100 tags of 8000 characters = 800 kB: with metrics on top they must be split by bytes.
    const tags = Array.from({ length: 100 }, (_, i) => ({ key: `t${i}`, value: "x".repeat(8000) }));
    const batches = splitIntoBatches({ tags, metrics: metrics(1000, "k".repeat(200)) });
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) {
      expect(Buffer.byteLength(logBatchBody("a".repeat(32), batch))).toBeLessThanOrEqual(1_000_000);
    }
  });

  it("sends a repeated param once, and a changed one in a later request", () => {
    const batches = splitIntoBatches({
      params: [
        { key: "lr", value: "0.1" },
        { key: "lr", value: "0.1" },
        { key: "lr", value: "0.2" },
      ],
    });
    expect(batches.map((b) => b.params.length)).toEqual([1, 1]);
  });

  it("encodes non-finite values as protobuf JSON strings and integer timestamps", () => {
    const [batch] = splitIntoBatches({
      metrics: [toWireMetric("m", Number.NaN, 1.9, 2.2), toWireMetric("m", Number.NEGATIVE_INFINITY, 5, 3)],
    });
    const body = JSON.parse(logBatchBody("r", batch!));
    expect(body.metrics).toEqual([
      { key: "m", value: "NaN", timestamp: 1, step: 2 },
      { key: "m", value: "-Infinity", timestamp: 5, step: 3 },
    ]);
    expect(LOG_BATCH_LIMITS.bytes).toBeLessThan(1_000_000);
  });
});
