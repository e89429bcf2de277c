import { describe, expect, it } from "vitest";
import { ChunkPool, MetricSeries } from "./metric-series.ts";

const key = { name: "m", context: "training", source: "prov4ml" };

describe("MetricSeries", () => {
  it("hands over each point exactly once across partial and full chunks, in order", () => {
    const pool = new ChunkPool(4);
    const series = new MetricSeries(key, pool);
    const received: number[] = [];
    const offsets: number[] = [];
    const take = () => {
      const { chunks, owned } = series.drain();
      for (const chunk of chunks) {
        offsets.push(chunk.offset);
        received.push(...chunk.values);
      }
      pool.release(owned);
    };
    let next = 0;
    for (const burst of [3, 2, 7, 1, 0, 9, 4]) {
      for (let i = 0; i < burst; i++) series.append(next, next++, 0);
      take();
    }
    expect(received).toEqual(Array.from({ length: next }, (_, i) => i));
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(series.pendingCount).toBe(0);
    expect(series.summary).toMatchObject({ count: next, first: 0, last: next - 1, min: 0, max: next - 1 });
  });

  it("never overwrites handed-over points of the chunk still being filled", () => {
    const pool = new ChunkPool(8);
    const series = new MetricSeries(key, pool);
    series.append(0, 10, 0);
    series.append(1, 11, 0);
    const first = series.drain();
    for (let i = 2; i < 6; i++) series.append(i, 10 + i, 0);
    expect(Array.from(first.chunks[0]!.values)).toEqual([10, 11]);
    expect(first.owned).toEqual([]);
  });
});
